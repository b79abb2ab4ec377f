package dev.shoal.eval.experiment;

import dev.shoal.eval.experiment.RunSpec.Group;
import java.util.List;

/**
 * Time to target accuracy for runs that learn nothing: the calibrated scaling runs.
 *
 * <pre>{@code
 * Estimates e = new Estimates(results);
 * double seconds = e.timeToTarget(scalingRun);   // reference's steps to target x the run's time per step
 * }</pre>
 *
 * <p>Under BSP, W workers each computing on b samples take exactly the steps of one worker computing on Wb (the
 * servers sum the weighted gradients before applying them; {@code TrainingBspEquivalenceTest} checks it to 1e-5).
 * So the steps to target of a W-worker run are those of the single-worker reference at the same global batch, and
 * only the time per step depends on the cluster.
 */
final class Estimates {
    private final List<RunResult> references;

    Estimates(List<RunResult> results) {
        this.references = results.stream().filter(r -> r.spec().group() == Group.REFERENCE).toList();
    }

    /** The run's own time to target where it learned, else the estimate; NaN when neither is known. */
    double timeToTarget(RunResult run) {
        if (!run.spec().isCalibrated()) {
            return run.timeToTarget();
        }
        int steps = stepsToTarget(run.spec().job().batch());
        return steps < 0 ? Double.NaN : steps * run.secondsPerStep();
    }

    /** Steps the reference with this global batch took to its target, -1 if none did or there is none. */
    int stepsToTarget(int globalBatch) {
        return references.stream().filter(r -> r.spec().job().batch() == globalBatch).findFirst()
                .map(RunResult::stepsToTarget).orElse(-1);
    }

    /** The 1-worker reference's real compute time per step, in microseconds: what the scaling runs wait. */
    static long computeMicros(RunResult reference) {
        if (reference.steps() == 0 || reference.computeSeconds() <= 0) {
            throw new ExperimentException(reference.spec().name() + " measured no compute time");
        }
        return Math.max(1, Math.round(reference.computeSeconds() / reference.steps() * 1e6));
    }
}
