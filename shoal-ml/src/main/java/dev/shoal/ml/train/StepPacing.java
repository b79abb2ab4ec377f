package dev.shoal.ml.train;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast a worker computes: for real, for real but {@code slowdown} times slower (a straggler), or not at all,
 * waiting a calibrated time instead (to emulate many workers on few cores).
 *
 * <pre>{@code
 * StepPacing straggler = StepPacing.slowedDown(3.0);          // each step takes about 3x its normal time
 * StepPacing emulated = StepPacing.calibrated(2_400_000, 1.0); // no forward/backward: waits 2.4 ms per step
 * TrainingJob.run(ps, job, straggler, listener);
 * }</pre>
 *
 * <p>A straggler runs its first {@value #BASELINE_STEPS} steps at full speed; from then on each step waits
 * {@code (slowdown - 1)} times its normal step time before it computes. The normal step time is the median,
 * over its last {@value #BASELINE_STEPS} steps, of each step's duration without its own wait: a sliding window,
 * because the first steps are slow (the JIT, cold caches), and a baseline fixed on them made a 4x straggler
 * 15x slower. The step time, not the compute time, is what is scaled: a data-parallel step here is mostly
 * communication, so a machine whose compute alone were slower would hardly be slower at all, while a straggler in
 * a cluster (a busy host, a slow link, a throttled device) is slow at the whole step. The wait falls
 * <em>between</em> its pulls and its pushes, as a slow machine's would: its parameters are read when the step
 * starts and its gradient lands late, so under SSP and ASP it is stale the way a slow machine's is.
 *
 * <p>Waits are parks, not spins, so a slowed or emulated worker leaves the core to the others; each wait's real
 * length is measured and reported. One instance per worker, used by its training thread only.
 */
public final class StepPacing {
    /** Computes for real at full speed. */
    public static final StepPacing REAL = new StepPacing(1.0, 0);
    /** Full-speed steps a straggler measures before it slows down, and the window of its normal step time. */
    public static final int BASELINE_STEPS = 20;

    private final double slowdown;
    private final long calibratedNanos;
    private final long[] window = new long[BASELINE_STEPS];
    private final long[] sorted = new long[BASELINE_STEPS];
    private long measured;
    private long normalStepNanos;
    private long lastStart;
    private long lastWait;
    private long computeNanos;
    private long waitedNanos;

    private StepPacing(double slowdown, long calibratedNanos) {
        if (!(slowdown >= 1.0) || slowdown > 1000 || !Double.isFinite(slowdown)) {
            throw new IllegalArgumentException("slowdown must be in [1, 1000], got " + slowdown);
        }
        if (calibratedNanos < 0) {
            throw new IllegalArgumentException("compute time must be >= 0, got " + calibratedNanos + " ns");
        }
        this.slowdown = slowdown;
        this.calibratedNanos = calibratedNanos;
    }

    /** Real compute, made {@code slowdown} times slower by waiting. */
    public static StepPacing slowedDown(double slowdown) {
        return new StepPacing(slowdown, 0);
    }

    /** No real compute: each step waits {@code nanos} between its pulls and its pushes, slowed down as above. */
    public static StepPacing calibrated(long nanos, double slowdown) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("a calibrated compute time must be positive, got " + nanos + " ns");
        }
        return new StepPacing(slowdown, nanos);
    }

    /** A fresh pacing with the same settings, for another worker. */
    public StepPacing copy() {
        return new StepPacing(slowdown, calibratedNanos);
    }

    public double slowdown() {
        return slowdown;
    }

    /** Whether steps skip the forward and backward pass and wait {@link #calibratedNanos()} instead. */
    public boolean isCalibrated() {
        return calibratedNanos > 0;
    }

    public long calibratedNanos() {
        return calibratedNanos;
    }

    /**
     * Called once per step between its pulls and its compute: a straggler past its baseline steps waits here
     * {@code (slowdown - 1)} times its normal step time.
     */
    public void beforeCompute() {
        long now = System.nanoTime();
        if (lastStart != 0 && slowdown > 1.0) {
            window[(int) (measured++ % BASELINE_STEPS)] = now - lastStart - lastWait;
            if (measured >= BASELINE_STEPS) {
                System.arraycopy(window, 0, sorted, 0, BASELINE_STEPS);
                java.util.Arrays.sort(sorted);
                normalStepNanos = sorted[BASELINE_STEPS / 2];
            }
        }
        lastStart = now;
        lastWait = normalStepNanos > 0 ? waitFor((long) ((slowdown - 1.0) * normalStepNanos)) : 0;
    }

    /** Records a step's real compute time (without time spent waiting for the network). */
    public void computed(long nanos) {
        computeNanos += nanos;
    }

    /** A calibrated step's compute: waits {@link #calibratedNanos()}; call {@link #beforeCompute()} first. */
    public void emulateCompute() {
        waitFor(calibratedNanos);
    }

    /** The straggler's current normal step time (0 before it is measured, and for a worker at full speed). */
    public double normalStepSeconds() {
        return normalStepNanos / 1e9;
    }

    /** Real compute time so far (0 for a calibrated worker). */
    public double computeSeconds() {
        return computeNanos / 1e9;
    }

    /** Time spent in pacing waits so far, as measured. */
    public double waitedSeconds() {
        return waitedNanos / 1e9;
    }

    private long waitFor(long nanos) {
        long start = System.nanoTime();
        long deadline = start + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        long waited = System.nanoTime() - start;
        waitedNanos += waited;
        return waited;
    }

    /** {@code real}, {@code real, 3x slower} or {@code calibrated 2.400 ms}. */
    @Override
    public String toString() {
        String base = isCalibrated() ? String.format(Locale.ROOT, "calibrated %.3f ms", calibratedNanos / 1e6) : "real";
        return slowdown == 1.0 ? base : String.format(Locale.ROOT, "%s, %.3gx slower", base, slowdown);
    }
}
