package dev.shoal.bench.loop;

import dev.shoal.transport.stats.LatencyHistograms;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Runs an operation over and over for a fixed time with {@code window} operations in flight, timing each one.
 *
 * <pre>{@code
 * TimedLoop loop = new TimedLoop(16, Duration.ofSeconds(30));
 * loop.warmUp(() -> table.pushAsync(grad), Duration.ofSeconds(1), 500);
 * LoopResult r = loop.run(() -> table.pushAsync(grad), Duration.ofSeconds(3), 4L * grad.length);
 * }</pre>
 *
 * <p>The in-flight operations live in a ring: slot {@code i % window} is awaited before operation {@code i}
 * reuses it, so completions are observed in issue order. With a window of 1 each latency is exactly the time
 * around one blocking call; with more it is issue-to-observed-completion, which includes time spent queued
 * behind earlier operations, as a caller of the async API would see it. Nothing is allocated per operation
 * besides what the operation itself allocates.
 */
public final class TimedLoop {
    private final int window;
    private final long opTimeoutNanos;
    private final CompletableFuture<?>[] ring;
    private final long[] started;

    /**
     * @param window    operations in flight (at least 1)
     * @param opTimeout longest a single operation may take before the loop fails, so a dead server cannot hang it
     */
    public TimedLoop(int window, Duration opTimeout) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
        this.opTimeoutNanos = opTimeout.toNanos();
        this.ring = new CompletableFuture<?>[window];
        this.started = new long[window];
    }

    /** Runs {@code op} until {@code duration} has passed or {@code maxOps} started, discarding the measurements. */
    public void warmUp(AsyncOp op, Duration duration, long maxOps) {
        loop(op, duration.toNanos(), maxOps, LatencyHistograms.create());
    }

    /** Runs {@code op} for {@code duration}, then waits for the operations still in flight. */
    public LoopResult run(AsyncOp op, Duration duration, long bytesPerOp) {
        Histogram h = LatencyHistograms.create();
        long t0 = System.nanoTime();
        long ops = loop(op, duration.toNanos(), Long.MAX_VALUE, h);
        return new LoopResult(ops, ops * bytesPerOp, System.nanoTime() - t0, h);
    }

    private long loop(AsyncOp op, long durationNanos, long maxOps, Histogram h) {
        // A loop that failed earlier may have left futures behind; they must not be awaited as ours.
        Arrays.fill(ring, null);
        long deadline = System.nanoTime() + durationNanos;
        long issued = 0;
        long done = 0;
        while (issued < maxOps) {
            int slot = (int) (issued % window);
            if (ring[slot] != null) {
                awaitSlot(slot, h);
                done++;
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            started[slot] = System.nanoTime();
            ring[slot] = op.start();
            issued++;
        }
        for (long i = done; i < issued; i++) {
            awaitSlot((int) (i % window), h);
        }
        return issued;
    }

    private void awaitSlot(int slot, Histogram h) {
        CompletableFuture<?> f = ring[slot];
        ring[slot] = null;
        long waitFor = opTimeoutNanos - (System.nanoTime() - started[slot]);
        try {
            f.get(Math.max(0, waitFor), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("an operation took longer than " + opTimeoutNanos / 1_000_000
                    + " ms; are the servers alive?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("operation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an operation", e);
        }
        LatencyHistograms.record(h, System.nanoTime() - started[slot]);
    }
}
