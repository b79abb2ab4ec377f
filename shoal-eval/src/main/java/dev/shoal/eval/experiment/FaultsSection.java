package dev.shoal.eval.experiment;

import static dev.shoal.eval.experiment.ExperimentReport.f0;
import static dev.shoal.eval.experiment.ExperimentReport.f1;
import static dev.shoal.eval.experiment.ExperimentReport.f2;
import static dev.shoal.eval.experiment.ExperimentReport.f3;
import static dev.shoal.eval.experiment.ExperimentReport.pct;

import dev.shoal.bench.failover.FailoverDistribution;
import dev.shoal.bench.failover.FailoverReport;
import dev.shoal.transport.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report's "Faults" section: the curve with kills marked, the cost of replication, the fail-over times, and
 * why BSP is not there; and {@code faults.json}, the same figures for a program.
 *
 * <pre>{@code
 * String md = FaultsSection.markdown(results, "faults.png");
 * List<String> row = FaultsSection.costRow(FaultsSection.cost("K=2", run, k1));   // K, s, ms/step, samples/s, MB/s, ...
 * }</pre>
 */
final class FaultsSection {
    /** The header of {@link #costRow}'s table. */
    static final List<String> COST_HEADER = List.of("replication", "training (s)", "ms / step", "samples / s",
            "push MB/s (all workers)", "samples / s vs K=1", "final acc.");

    private FaultsSection() {
    }

    /** The figures of one run of the replication table: JSON's shape and the row's source. */
    record Cost(String replication, double trainSeconds, double msPerStep, double samplesPerSecond,
            double pushMBps, double relative, double finalAccuracy) {
    }

    /** {@code run}'s cost figures, its throughput relative to {@code base} (K=1; NaN when missing). */
    static Cost cost(String replication, RunResult run, RunResult base) {
        double push = run.trainSeconds() > 0 ? run.bytesPushed() / run.trainSeconds() / 1e6 : Double.NaN;
        double relative = base == null ? Double.NaN : run.samplesPerSecond() / base.samplesPerSecond();
        return new Cost(replication, run.trainSeconds(), run.secondsPerStep() * 1e3, run.samplesPerSecond(), push,
                relative, run.finalAccuracy());
    }

    /** One row of the replication table, cells in {@link #COST_HEADER}'s order. */
    static List<String> costRow(Cost c) {
        return List.of(c.replication(), f2(c.trainSeconds()), f3(c.msPerStep()), f0(c.samplesPerSecond()),
                f1(c.pushMBps()), pct(c.relative()), pct(c.finalAccuracy()));
    }

    /** The kills as the report says them: {@code 5.1, 10.3, 15.4 s}, or {@code none}. */
    static String killList(List<Double> seconds) {
        return seconds.isEmpty() ? "none"
                : seconds.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).collect(Collectors.joining(", "))
                        + " s";
    }

    static String markdown(FaultsPart.Results r, String plot) {
        StringBuilder md = new StringBuilder("## Faults\n\n");
        md.append("Logistic regression on SpamAssassin, ASP, 3 servers, 2 workers, real compute on loopback. The "
                + "coordinator keeps each slice on 2 servers (`--replication 2`); a server killed with SIGKILL has its "
                + "slices served by their replicas while a fresh server is started and rejoins.\n\n");
        if (r.killed() != null) {
            RunResult k = r.killed().result();
            md.append(String.format(Locale.ROOT, "**Kills.** A server was killed every %d s (once every server was "
                    + "back in service): at %s after training started (%d kills). The run trained %.2f s and ended at %s test accuracy", 
                    FaultsPart.KILL_EVERY.toSeconds(), killList(r.killed().killSeconds()),
                    r.killed().killSeconds().size(), k.trainSeconds(), pct(k.finalAccuracy())));
            md.append(r.k2() == null ? ".\n\n" : String.format(Locale.ROOT, "; the same run without kills trained "
                    + "%.2f s and ended at %s.\n\n", r.k2().trainSeconds(), pct(r.k2().finalAccuracy())));
            if (plot != null) {
                md.append("![").append(plot).append("](").append(plot).append(")\n\n");
                md.append("The x axis is wall time since worker 0's first step, evaluations included; each "
                        + "dashed line is a kill, timed from when the harness saw the first worker start (within "
                        + "0.1 s).\n\n");
            }
        }
        cost(md, r);
        failover(md, r.failover());
        md.append("**BSP.** Not run: BSP tables are not replicated yet, so a killed server ends a BSP job (the chaos "
                + "switch refuses BSP). Its curve joins this plot once BSP tables have replicas.\n\n");
        return md.toString();
    }

    private static void cost(StringBuilder md, FaultsPart.Results r) {
        List<Cost> costs = costs(r);
        if (costs.isEmpty()) {
            return;
        }
        md.append("**Cost of replication** (no kills). Training time from the first step to the last, without "
                + "evaluations (slowest worker); ms / step is the steady time per step past the warm-up; push MB/s is "
                + "the payload bytes all workers pushed over the training time (a replica's copy is the primary's "
                + "work and is not counted again).\n\n");
        md.append(line(COST_HEADER)).append("|---".repeat(COST_HEADER.size())).append("|\n");
        for (Cost c : costs) {
            md.append(line(costRow(c)));
        }
        md.append('\n');
    }

    static List<Cost> costs(FaultsPart.Results r) {
        List<Cost> out = new ArrayList<>();
        if (r.k1() != null) {
            out.add(cost("K=1", r.k1(), r.k1()));
        }
        if (r.k2() != null) {
            out.add(cost("K=2", r.k2(), r.k1()));
        }
        return out;
    }

    private static void failover(StringBuilder md, FailoverReport report) {
        if (report == null) {
            return;
        }
        FailoverDistribution d = report.distribution();
        md.append(String.format(Locale.ROOT, "**Fail-over time** (`shoal bench failover --kills %d --seconds 3`): "
                + "from the SIGKILL of a server to the probe's next acknowledged push, one fresh cluster of 3 servers "
                + "per kill, a 3 MiB dense ASP table. %d of %d kills measured: min %s ms, median %s ms, p90 %s ms, "
                + "max %s ms, mean %s ms; a normal push round trip is %s ms. Under %.0f ms: %d of %d.%n%n",
                report.setup().kills(), d.measured(), d.trials(), f0(d.minMs()), f0(d.medianMs()), f0(d.p90Ms()),
                f0(d.maxMs()), f0(d.meanMs()), f2(d.roundTripMs()), FailoverReport.GOAL_MS, report.underGoal(),
                d.trials()));
    }

    private static String line(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** {@code faults.json}: the kills, the replication costs and the fail-over distribution. */
    static String json(FaultsPart.Results r) {
        return Json.compact(new FaultsJson(r.killed() == null ? List.of() : r.killed().killSeconds(), costs(r),
                r.failover() == null ? null : r.failover().distribution(), r.failures())) + "\n";
    }

    record FaultsJson(List<Double> killSeconds, List<Cost> replication, FailoverDistribution failover,
            List<String> failures) {
    }
}
