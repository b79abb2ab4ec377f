package dev.shoal.bench.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.transport.stats.LatencyHistograms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimedLoopTest {

    @Test
    void countsEveryCompletedOperation() {
        AtomicInteger started = new AtomicInteger();
        LoopResult r = new TimedLoop(1, Duration.ofSeconds(5)).run(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(50), 100);
        assertThat(r.ops()).isEqualTo(started.get()).isPositive();
        assertThat(r.bytes()).isEqualTo(r.ops() * 100);
        assertThat(r.latencies().getTotalCount()).isEqualTo(r.ops());
        assertThat(r.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void keepsAtMostWindowOperationsInFlight() {
        // Operations complete only once the window is full, and then on another thread: the loop must stop at 4
        // outstanding and wait; a loop that ignored the window would issue a 5th before they complete. No timing
        // is involved, so a slow machine cannot make this pass or fail by chance. (warmUp and run share the loop.)
        List<CompletableFuture<Void>> outstanding = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AsyncOp op = () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            synchronized (outstanding) {
                outstanding.add(f);
                started.incrementAndGet();
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                if (outstanding.size() == 4) {
                    List<CompletableFuture<Void>> full = new ArrayList<>(outstanding);
                    outstanding.clear();
                    CompletableFuture.runAsync(() -> full.forEach(x -> {
                        inFlight.decrementAndGet();
                        x.complete(null);
                    }));
                }
            }
            return f;
        };
        // 400 operations, a multiple of the window, so that the last window fills and completes too.
        new TimedLoop(4, Duration.ofSeconds(5)).warmUp(op, Duration.ofMinutes(1), 400);
        assertThat(started.get()).isEqualTo(400);
        assertThat(most.get()).isEqualTo(4);
        assertThat(outstanding).isEmpty();
        assertThat(inFlight.get()).isZero();
    }

    @Test
    void recordsEachOperationsLatencyInNanoseconds() {
        AsyncOp op = () -> CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
        LoopResult r = new TimedLoop(1, Duration.ofSeconds(5)).run(op, Duration.ofMillis(30), 1);
        assertThat(r.latencies().getTotalCount()).isEqualTo(r.ops()).isPositive();
        // each operation takes at least its 2 ms delay, however busy the machine
        assertThat(LatencyHistograms.percentile(r.latencies(), 0.5)).isGreaterThanOrEqualTo(2e6);
    }

    @Test
    void stuckOperationFailsAfterTheTimeout() {
        TimedLoop loop = new TimedLoop(1, Duration.ofMillis(100));
        assertThatThrownBy(() -> loop.run(CompletableFuture::new, Duration.ofMillis(10), 1))
                .hasMessageContaining("longer than 100 ms");
    }

    @Test
    void warmUpStopsAtMaxOps() {
        AtomicInteger started = new AtomicInteger();
        new TimedLoop(3, Duration.ofSeconds(5)).warmUp(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(10), 7);
        assertThat(started.get()).isEqualTo(7);
    }

    @Test
    void failedOperationFailsTheLoop() {
        TimedLoop loop = new TimedLoop(2, Duration.ofSeconds(5));
        assertThatThrownBy(() -> loop.run(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")),
                Duration.ofMillis(10), 1)).hasMessageContaining("boom");
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new TimedLoop(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
