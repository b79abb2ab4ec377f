package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class FaultsSectionTest {
    private static final RunSpec SPEC = new RunSpec(RunSpec.Group.FAULTS, "faults-asp-k2",
            JobConfig.defaults(ModelKind.SPARSE_LR).withBatch(64), 3, 2, RunSpec.LOOPBACK, 0, 1);

    /** 100 steps of 64 samples in {@code seconds}, 2e9 bytes pushed, a final accuracy of 0.9. */
    private static RunResult run(double seconds) {
        return new RunResult(SPEC, 100, 50, seconds, Double.NaN, List.of(new EvalPoint(100, 1, 1, 1, 1, 1, 0.9)),
                2_000_000_000L, 0, new long[0], RequestLatencies.empty(), new long[3], -1, 0.5, 1, 0);
    }

    @Test
    void costIsTimeThroughputAndPushRateAgainstK1() {
        RunResult k1 = run(2.0);
        FaultsSection.Cost c = FaultsSection.cost("K=2", run(4.0), k1);
        assertThat(c.trainSeconds()).isEqualTo(4.0);
        assertThat(c.msPerStep()).isEqualTo(40.0, Offset.offset(1e-9));
        assertThat(c.samplesPerSecond()).isEqualTo(1600, Offset.offset(1e-9));
        assertThat(c.pushMBps()).isEqualTo(500, Offset.offset(1e-9));
        assertThat(c.relative()).isEqualTo(0.5, Offset.offset(1e-12));
        assertThat(FaultsSection.costRow(c)).containsExactly("K=2", "4.00", "40.000", "1600", "500.0", "50.0 %",
                "90.0 %");
        assertThat(FaultsSection.costRow(c)).hasSameSizeAs(FaultsSection.COST_HEADER);
    }

    @Test
    void withoutAK1RunTheRelativeThroughputIsADash() {
        FaultsSection.Cost c = FaultsSection.cost("K=2", run(4.0), null);
        assertThat(FaultsSection.costRow(c).get(5)).isEqualTo("-");
    }

    @Test
    void killsAreListedToATenthOfASecond() {
        assertThat(FaultsSection.killList(List.of(5.14, 10.26))).isEqualTo("5.1, 10.3 s");
        assertThat(FaultsSection.killList(List.of())).isEqualTo("none");
    }

    @Test
    void theSectionSaysWhyBspIsNotRunEvenWithNothingMeasured() {
        String md = FaultsSection.markdown(new FaultsPart.Results(null, null, null, null, List.of()), null);
        assertThat(md).startsWith("## Faults").contains("BSP").contains("not replicated");
    }

    @Test
    void theTableHasK1ThenK2() {
        String md = FaultsSection.markdown(new FaultsPart.Results(
                new FaultPlan.Outcome(run(5.0), List.of(5.0)), run(4.0), run(2.0), null, List.of()), "faults.png");
        assertThat(md.indexOf("| K=1 |")).isPositive().isLessThan(md.indexOf("| K=2 |"));
        assertThat(md).contains("![faults.png](faults.png)").contains("at 5.0 s");
    }
}
