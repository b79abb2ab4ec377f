package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
    private static final RunSpec SPEC = new RunSpec(RunSpec.Group.CONVERGENCE, "x",
            JobConfig.defaults(ModelKind.MLP).withBatch(64).withTargetAccuracy(0.8), 2, 4, RunSpec.LOOPBACK, 0, 1);

    private static RunResult result(double steady, long[] serverBytes, long[] staleness, List<EvalPoint> evals) {
        return new RunResult(SPEC, 100, 50, 2.0, steady, evals, 1000, 3000, serverBytes, RequestLatencies.empty(),
                staleness, 2, 0.5, 1, 0);
    }

    @Test
    void theSteadyRateWinsOverTheAverageWhenMeasured() {
        assertThat(result(0.01, new long[0], new long[3], List.of()).secondsPerStep()).isEqualTo(0.01);
        assertThat(result(Double.NaN, new long[0], new long[3], List.of()).secondsPerStep()).isEqualTo(0.02);
        RunResult r = result(0.01, new long[0], new long[3], List.of());
        assertThat(r.secondsPerEpoch()).isEqualTo(0.5);
        assertThat(r.samplesPerSecond()).isEqualTo(6400, org.assertj.core.data.Offset.offset(1e-6));
        // 40 bytes per step over 4 workers, 100 steps per second
        assertThat(r.bytesPerSecondPerWorker()).isEqualTo(1000, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void imbalanceIsTheBusiestServerOverTheMean() {
        assertThat(result(0.01, new long[] {100, 100}, new long[3], List.of()).serverImbalance()).isZero();
        assertThat(result(0.01, new long[] {110, 90}, new long[3], List.of()).serverImbalance())
                .isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result(0.01, new long[0], new long[3], List.of()).serverImbalance()).isNaN();
    }

    @Test
    void meanStalenessWeighsEachGapByItsPulls() {
        assertThat(result(0.01, new long[0], new long[] {2, 1, 1}, List.of()).meanStaleness()).isEqualTo(0.75);
        assertThat(result(0.01, new long[0], new long[3], List.of()).meanStaleness()).isNaN();
    }

    @Test
    void timeToTargetIsTheFirstEvaluationAtTheTarget() {
        List<EvalPoint> evals = List.of(new EvalPoint(10, 0, 0.5, 0.6, 1, 1, 0.7),
                new EvalPoint(20, 0, 1.0, 1.2, 1, 1, 0.81), new EvalPoint(30, 0, 1.5, 1.8, 1, 1, 0.79));
        RunResult r = result(0.01, new long[0], new long[3], evals);
        assertThat(r.timeToTarget()).isEqualTo(1.0);
        assertThat(r.stepsToTarget()).isEqualTo(20);
        assertThat(r.finalAccuracy()).isEqualTo(0.79);
        assertThat(r.bestAccuracy()).isEqualTo(0.81);
        assertThat(result(0.01, new long[0], new long[3], List.of()).timeToTarget()).isNaN();
    }
}
