package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatesTest {

    private static RunResult run(RunSpec.Group group, int batch, long computeMicros, double steady,
            List<EvalPoint> evals, double computeSeconds) {
        JobConfig job = JobConfig.defaults(ModelKind.MLP).withBatch(batch).withTargetAccuracy(0.84);
        RunSpec spec = new RunSpec(group, group + "-" + batch, job, 1, batch / 64, RunSpec.LOOPBACK, computeMicros, 1);
        return new RunResult(spec, 400, 100, 4.0, steady, evals, 0, 0, new long[0], RequestLatencies.empty(),
                new long[3], -1, Double.NaN, computeSeconds, 0);
    }

    @Test
    void aCalibratedRunTakesTheReferencesStepsAtItsOwnPace() {
        RunResult ref = run(RunSpec.Group.REFERENCE, 128, 0, 0.002,
                List.of(new EvalPoint(300, 1, 0.6, 0.7, 1, 1, 0.85)), 0.5);
        RunResult scaled = run(RunSpec.Group.SCALABILITY, 128, 1250, 0.010, List.of(), 0);
        RunResult other = run(RunSpec.Group.SCALABILITY, 256, 1250, 0.010, List.of(), 0);
        Estimates e = new Estimates(List.of(ref, scaled, other));
        assertThat(e.timeToTarget(scaled)).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.timeToTarget(other)).as("no reference at batch 256").isNaN();
        assertThat(e.timeToTarget(ref)).isEqualTo(0.6);
    }

    @Test
    void theCalibratedComputeIsTheReferencesMeanComputePerStep() {
        RunResult ref = run(RunSpec.Group.REFERENCE, 64, 0, 0.002, List.of(), 0.5);
        assertThat(Estimates.computeMicros(ref)).isEqualTo(1250);
        assertThatThrownBy(() -> Estimates.computeMicros(run(RunSpec.Group.REFERENCE, 64, 0, 0.002, List.of(), 0)))
                .hasMessageContaining("no compute time");
    }
}
