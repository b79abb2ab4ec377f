package dev.shoal.transport.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: tests advance it past a deadline or a heartbeat timeout and check what
 * happened, without waiting. {@link #sleep} advances it by the time slept, so a retry loop runs at once while
 * still seeing its backoff pass.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (NettyRuntime rt = NettyRuntime.create("test", 2, clock)) {
 *     CompletableFuture<ByteBuf> reply = client.call(frame);
 *     clock.advance(Duration.ofSeconds(61));        // past the 60 s deadline: the reply fails with TIMEOUT
 * }
 * }</pre>
 */
public final class ManualClock implements NodeClock {
    /** Far from 0 so that code that wrongly treats 0 as "unset" shows up in tests. */
    private final AtomicLong now = new AtomicLong(1L << 40);

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        advance(d);
    }

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock never goes back: " + d);
        }
        now.addAndGet(d.toNanos());
    }
}
