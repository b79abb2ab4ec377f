package dev.shoal.bench.pushpull;

import java.time.Duration;

/**
 * What each bench worker does: table kind and size, requests in flight, how many timed runs of what length.
 *
 * <pre>{@code
 * Workload dense = Workload.dense(4 << 20, 1, 5, Duration.ofSeconds(3));
 * Workload sparse = Workload.sparse(10_000_000, 1, 5, Duration.ofSeconds(3));
 * }</pre>
 *
 * @param sizeBytes  dense: bytes of the table, a multiple of 4 (one float each); ignored when sparse
 * @param window     requests in flight per worker (1 = one blocking call at a time)
 * @param sparseKeys keys per sparse request, or 0 for the dense mode
 * @param runs       timed runs of each of push and pull
 * @param seconds    length of each timed loop
 * @param warmup     length of the untimed loops before the first run
 * @param seed       seed of the sparse keys (each worker adds its id)
 */
public record Workload(long sizeBytes, int window, long sparseKeys, int runs, Duration seconds, Duration warmup,
                       long seed) {

    /** Warm-up long enough for the JIT to compile the hot paths and for Netty's pools to fill. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(1);
    public static final long DEFAULT_SEED = 42;

    public Workload {
        if (sparseKeys == 0 && (sizeBytes < 4 || sizeBytes % 4 != 0 || sizeBytes / 4 > Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException("--size must be a positive multiple of 4 bytes below 8 GiB, got "
                    + sizeBytes);
        }
        if (sparseKeys < 0 || sparseKeys > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--sparse-keys must be in [1, 2^31 - 9], got " + sparseKeys);
        }
        if (window < 1 || runs < 1) {
            throw new IllegalArgumentException("--window and --runs must be at least 1, got " + window + " and " + runs);
        }
        if (seconds.isNegative() || seconds.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
    }

    public static Workload dense(long sizeBytes, int window, int runs, Duration seconds) {
        return new Workload(sizeBytes, window, 0, runs, seconds, DEFAULT_WARMUP, DEFAULT_SEED);
    }

    public static Workload sparse(long keys, int window, int runs, Duration seconds) {
        return new Workload(4, window, keys, runs, seconds, DEFAULT_WARMUP, DEFAULT_SEED);
    }

    public boolean isSparse() {
        return sparseKeys > 0;
    }

    /** Value bytes one request carries: the whole dense table, or one float per sparse key. */
    public long bytesPerOp() {
        return isSparse() ? 4 * sparseKeys : sizeBytes;
    }

    public String mode() {
        return isSparse() ? "sparse" : "dense";
    }

    /** Longest one request may take before the bench declares the cluster stuck. */
    public Duration opTimeout() {
        return Duration.ofSeconds(30).plus(seconds);
    }

    /**
     * An upper bound on how long one worker runs once the cluster is up: warm-up, barriers and every timed loop,
     * each allowed to overrun by a request that started just before its deadline.
     */
    public Duration workerBudget() {
        Duration perLoop = seconds.plus(opTimeout());
        return warmup.plus(opTimeout()).multipliedBy(2).plus(perLoop.multipliedBy(2L * runs))
                .plus(Duration.ofSeconds(60));
    }
}
