package dev.shoal.eval.experiment;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import java.util.List;

/**
 * What one run measured, and the figures the report derives from it.
 *
 * <pre>{@code
 * RunResult r = runner.run(spec);
 * r.secondsPerEpoch();
 * r.timeToTarget();          // NaN if the target was never reached (or the run learned nothing)
 * r.serverImbalance();       // 0.03: the busiest server moved 3 % more bytes than the mean
 * }</pre>
 *
 * @param spec           the run
 * @param steps          steps every worker ran
 * @param stepsPerEpoch  steps in one pass over the training set
 * @param trainSeconds   the slowest worker's time from its first step to its last, without evaluations
 * @param steadySecondsPerStep the slowest worker's time per step after its warm-up steps (NaN if unknown)
 * @param evaluations    worker 0's test-set scores (none for calibrated compute)
 * @param bytesPushed    payload bytes pushed by all workers
 * @param bytesPulled    payload bytes pulled by all workers
 * @param serverBytes    per server, bytes of push bodies received plus pull bodies sent, from its metrics
 * @param latencies      all workers' request round trips, merged
 * @param staleness      per clock gap {@code 0 .. n-2}, pulls served with that gap; the last cell counts larger gaps
 * @param maxStaleness   the largest gap any server served, -1 if none was scraped
 * @param cpuBusy        the host's busy fraction of all cores while all workers trained
 * @param computeSeconds real compute time summed over workers
 * @param pacedSeconds   pacing waits (calibrated compute, straggler delays) summed over workers
 */
public record RunResult(RunSpec spec, int steps, int stepsPerEpoch, double trainSeconds,
        double steadySecondsPerStep, List<EvalPoint> evaluations,
        long bytesPushed, long bytesPulled, long[] serverBytes, RequestLatencies latencies, long[] staleness,
        int maxStaleness, double cpuBusy, double computeSeconds, double pacedSeconds) {

    /** Steady time per step (past the warm-up) where measured, else the average over the whole run. */
    public double secondsPerStep() {
        if (Double.isFinite(steadySecondsPerStep) && steadySecondsPerStep > 0) {
            return steadySecondsPerStep;
        }
        return steps == 0 ? Double.NaN : trainSeconds / steps;
    }

    public double secondsPerEpoch() {
        return secondsPerStep() * stepsPerEpoch;
    }

    /** Training samples per second over all workers, at the steady rate. */
    public double samplesPerSecond() {
        return spec.job().batch() / secondsPerStep();
    }

    /** Payload bytes per second, pushed plus pulled, per worker, at the steady rate. */
    public double bytesPerSecondPerWorker() {
        return steps == 0 ? Double.NaN : (double) (bytesPushed + bytesPulled) / steps / secondsPerStep()
                / spec.workers();
    }

    /** Payload bytes per step, pushed plus pulled, through each server (as its metrics count them). */
    public double[] bytesPerStepPerServer() {
        double[] out = new double[serverBytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = steps == 0 ? Double.NaN : (double) serverBytes[i] / steps;
        }
        return out;
    }

    /** How much more the busiest server moved than the mean: 0 when balanced; NaN without server figures. */
    public double serverImbalance() {
        if (serverBytes.length == 0) {
            return Double.NaN;
        }
        long max = 0;
        long sum = 0;
        for (long b : serverBytes) {
            max = Math.max(max, b);
            sum += b;
        }
        return sum == 0 ? Double.NaN : max / ((double) sum / serverBytes.length) - 1;
    }

    public double finalAccuracy() {
        return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).testAccuracy();
    }

    public double bestAccuracy() {
        return evaluations.stream().mapToDouble(EvalPoint::testAccuracy).max().orElse(Double.NaN);
    }

    public double finalLoss() {
        return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).testLoss();
    }

    /** Training seconds to the first evaluation at the job's target accuracy, NaN if none reached it. */
    public double timeToTarget() {
        EvalPoint p = firstAtTarget();
        return p == null ? Double.NaN : p.trainSeconds();
    }

    /** Step of the first evaluation at the target accuracy, -1 if none reached it. */
    public int stepsToTarget() {
        EvalPoint p = firstAtTarget();
        return p == null ? -1 : p.step();
    }

    public boolean reachedTarget() {
        return firstAtTarget() != null;
    }

    /** Mean served clock gap, NaN if no pull was counted. */
    public double meanStaleness() {
        long n = 0;
        long sum = 0;
        for (int gap = 0; gap < staleness.length; gap++) {
            n += staleness[gap];
            sum += gap * staleness[gap];
        }
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    private EvalPoint firstAtTarget() {
        double target = spec.job().targetAccuracy();
        if (target <= 0) {
            return null;
        }
        for (EvalPoint p : evaluations) {
            if (p.testAccuracy() >= target) {
                return p;
            }
        }
        return null;
    }
}
