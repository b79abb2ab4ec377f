package dev.shoal.ml.report;

/**
 * One evaluation on the test set during a run: a point of the learning curve.
 *
 * <pre>{@code
 * EvalPoint p = new EvalPoint(500, 0, 12.5, 14.0, 0.61, 0.58, 0.79);
 * metricsLog.append(p);
 * }</pre>
 *
 * <p>Two clocks because evaluation is not training: {@code trainSeconds} counts from the first step and leaves out
 * the time spent evaluating, so curves of runs that evaluate at different rates stay comparable;
 * {@code wallSeconds} is what a stopwatch would show. Losses and accuracy may be NaN (a loss not measured since the
 * last evaluation, or a diverged run) and losses may be infinite; plots skip such points.
 *
 * @param step         steps done when the evaluation started
 * @param epoch        epoch in progress (0-based)
 * @param trainSeconds training time since the first step, evaluations excluded
 * @param wallSeconds  time since the first step, evaluations included
 * @param trainLoss    mean training loss over the steps since the previous evaluation; NaN when unknown
 * @param testLoss     mean loss over the test set
 * @param testAccuracy fraction of the test set classified correctly
 */
public record EvalPoint(int step, int epoch, double trainSeconds, double wallSeconds, double trainLoss,
        double testLoss, double testAccuracy) {

    public EvalPoint {
        if (step < 0 || epoch < 0) {
            throw new IllegalArgumentException("step and epoch must be >= 0, got step " + step + ", epoch " + epoch);
        }
        if (!Double.isFinite(trainSeconds) || !Double.isFinite(wallSeconds) || trainSeconds < 0 || wallSeconds < 0) {
            throw new IllegalArgumentException("times must be finite and >= 0, got train " + trainSeconds
                    + " s, wall " + wallSeconds + " s");
        }
    }
}
