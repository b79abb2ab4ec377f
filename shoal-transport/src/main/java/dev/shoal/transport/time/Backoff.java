package dev.shoal.transport.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt {@code n} (from 1) waits a uniform random time in
 * {@code [0, min(max, base * 2^(n-1))]}. The jitter spreads nodes that failed together (a whole cluster
 * started before its coordinator) so they do not retry in lockstep; the cap bounds the wait for a peer that
 * comes up late.
 *
 * <pre>{@code
 * Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom());
 * for (int attempt = 1; !connected(); attempt++) {
 *     clock.sleep(b.delay(attempt));
 * }
 * }</pre>
 *
 * <p>A few lines rather than resilience4j-retry: the only retry loop is the join, whose deadline and progress
 * messages are its own, and the transport stays free of a dependency that brings its own scheduler and clock.
 *
 * @param base   the bound of the first wait
 * @param max    the largest bound, reached after {@code log2(max / base)} attempts
 * @param random the jitter's source; seeded in tests
 */
public record Backoff(Duration base, Duration max, RandomGenerator random) {

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got " + base + " and " + max);
        }
    }

    /** How long to wait before attempt {@code attempt + 1}, after attempt {@code attempt} (from 1) failed. */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        long maxNanos = max.toNanos();
        // base * 2^(attempt-1), saturating at max before it can overflow.
        int shift = Math.min(attempt - 1, 62);
        long bound = base.toNanos() > (maxNanos >> shift) ? maxNanos : base.toNanos() << shift;
        return Duration.ofNanos(random.nextLong(Math.min(bound, maxNanos) + 1));
    }
}
