package dev.shoal.eval.experiment;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.protocol.table.Consistency;
import java.util.List;

/**
 * Made-up runs of the faults part for its tests.
 *
 * <pre>{@code
 * FaultsPart.RuleRuns bsp = FaultsFixture.rule(Consistency.bsp(), 5.0, List.of(4.0), 4.0, 2.0);
 * }</pre>
 */
final class FaultsFixture {
    private FaultsFixture() {
    }

    /**
     * A run of {@code rule}: 100 steps of 64 samples in {@code seconds} (so 6400 / seconds samples/s), 2e9 bytes
     * pushed, evaluations at 1, 5 and 10 s ending at {@code accuracy}.
     */
    static RunResult run(Consistency rule, String name, double seconds, double accuracy) {
        return run(rule, name, seconds, accuracy, Double.NaN);
    }

    /** As above, with a steady time per step that sets samples/s apart from the training time (64 / steady). */
    static RunResult run(Consistency rule, String name, double seconds, double accuracy, double steady) {
        RunSpec spec = new RunSpec(RunSpec.Group.FAULTS, name,
                JobConfig.defaults(ModelKind.SPARSE_LR).withBatch(64).withConsistency(rule), 3, 2,
                RunSpec.LOOPBACK, 0, 1);
        List<EvalPoint> evals = List.of(new EvalPoint(10, 0, 1, 1, 1, 1, accuracy - 0.2),
                new EvalPoint(50, 1, 5, 5, 1, 1, accuracy - 0.1), new EvalPoint(100, 2, 10, 10, 1, 1, accuracy));
        return new RunResult(spec, 100, 50, seconds, steady, evals, 2_000_000_000L, 0, new long[0],
                RequestLatencies.empty(), new long[3], -1, 0.5, 1, 0);
    }

    static RunResult run(double seconds) {
        return run(Consistency.asp(), "faults-asp-k2", seconds, 0.9);
    }

    /** All three runs of {@code rule}; a negative time stands for a run that failed (null). */
    static FaultsPart.RuleRuns rule(Consistency rule, double killedSeconds, List<Double> kills, double k2Seconds,
            double k1Seconds) {
        String p = "faults-" + rule + "-";
        return new FaultsPart.RuleRuns(rule,
                killedSeconds < 0 ? null
                        : new FaultPlan.Outcome(run(rule, p + "k2-kills", killedSeconds, 0.95), kills),
                k2Seconds < 0 ? null : run(rule, p + "k2", k2Seconds, 0.96),
                k1Seconds < 0 ? null : run(rule, p + "k1", k1Seconds, 0.97));
    }
}
