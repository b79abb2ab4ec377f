package dev.shoal.transport.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    void eachWaitIsWithinTheDoublingBoundCappedAtTheMaximum() {
        Backoff b = new Backoff(BASE, MAX, new SplittableRandom(42));
        for (int attempt = 1; attempt <= 200; attempt++) {
            long bound = Math.min(MAX.toNanos(), BASE.toNanos() << Math.min(attempt - 1, 20));
            Duration d = b.delay(attempt);
            assertThat(d).as("attempt %d", attempt).isBetween(Duration.ZERO, Duration.ofNanos(bound));
        }
    }

    @Test
    void waitsAreJitteredAndGrowUntilTheCap() {
        Backoff b = new Backoff(BASE, MAX, new SplittableRandom(7));
        Set<Duration> capped = new HashSet<>();
        long sumLate = 0;
        for (int i = 0; i < 1000; i++) {
            Duration d = b.delay(30);
            capped.add(d);
            sumLate += d.toNanos();
        }
        long sumEarly = 0;
        for (int i = 0; i < 1000; i++) {
            sumEarly += b.delay(1).toNanos();
        }
        assertThat(capped).as("full jitter: no two nodes retry in lockstep").hasSizeGreaterThan(990);
        // Uniform on [0, bound]: the mean is half the bound (within 10 % over 1000 draws).
        assertThat(sumLate / 1000.0).isCloseTo(MAX.toNanos() / 2.0, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(sumEarly / 1000.0).isCloseTo(BASE.toNanos() / 2.0,
                org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        Backoff a = new Backoff(BASE, MAX, new SplittableRandom(3));
        Backoff b = new Backoff(BASE, MAX, new SplittableRandom(3));
        for (int attempt = 1; attempt < 20; attempt++) {
            assertThat(a.delay(attempt)).isEqualTo(b.delay(attempt));
        }
    }

    @Test
    void aManualClockSleepsByMovingForward() throws InterruptedException {
        ManualClock clock = new ManualClock();
        long before = clock.nanoTime();
        clock.sleep(Duration.ofSeconds(5));
        assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(5).toNanos());
    }
}
