package dev.shoal.eval.experiment;

import static dev.shoal.eval.experiment.ExperimentReport.f0;
import static dev.shoal.eval.experiment.ExperimentReport.f1;
import static dev.shoal.eval.experiment.ExperimentReport.f2;
import static dev.shoal.eval.experiment.ExperimentReport.f3;
import static dev.shoal.eval.experiment.ExperimentReport.pct;

import dev.shoal.bench.failover.FailoverDistribution;
import dev.shoal.bench.failover.FailoverReport;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report's "Faults" section: per rule (ASP, BSP) the runs with and without kills, the curves with kills marked,
 * the cost of replication (K=2 against K=1) and the fail-over times; and {@code faults.json}, the same figures for a
 * program.
 *
 * <pre>{@code
 * String md = FaultsSection.markdown(results, "faults.png");
 * FaultsSection.Ratio bsp = FaultsSection.ratio(bspRuns);   // K=2 / K=1: samples/s, training time, within 10 %?
 * }</pre>
 */
final class FaultsSection {
    /** The header of {@link #runRow}'s table. */
    static final List<String> RUNS_HEADER = List.of("rule", "run", "kills", "training (s)", "samples / s",
            "final acc.");
    /** The header of {@link #costRow}'s table. */
    static final List<String> COST_HEADER = List.of("rule", "replication", "training (s)", "ms / step", "samples / s",
            "push MB/s (all workers)", "samples / s vs K=1", "final acc.");
    /** The goal: BSP training with K=2 within 10 % of K=1. */
    static final double GOAL = 0.10;

    private FaultsSection() {
    }

    /** The figures of one run of the replication table: JSON's shape and the row's source. */
    record Cost(String replication, double trainSeconds, double msPerStep, double samplesPerSecond,
            double pushMBps, double relative, double finalAccuracy) {
    }

    /**
     * What replication costs one rule: K=2's figures over K=1's.
     *
     * @param samplesPerSecond K=2's samples/s over K=1's (below 1: slower)
     * @param trainSeconds     K=2's training time over K=1's (above 1: slower)
     * @param withinGoal       both within {@link #GOAL} of K=1
     */
    record Ratio(double samplesPerSecond, double trainSeconds, boolean withinGoal) {
    }

    /** {@code run}'s cost figures, its throughput relative to {@code base} (K=1; NaN when missing). */
    static Cost cost(String replication, RunResult run, RunResult base) {
        double push = run.trainSeconds() > 0 ? run.bytesPushed() / run.trainSeconds() / 1e6 : Double.NaN;
        double relative = base == null ? Double.NaN : run.samplesPerSecond() / base.samplesPerSecond();
        return new Cost(replication, run.trainSeconds(), run.secondsPerStep() * 1e3, run.samplesPerSecond(), push,
                relative, run.finalAccuracy());
    }

    /** One row of the replication table, cells in {@link #COST_HEADER}'s order. */
    static List<String> costRow(String rule, Cost c) {
        return List.of(rule, c.replication(), f2(c.trainSeconds()), f3(c.msPerStep()), f0(c.samplesPerSecond()),
                f1(c.pushMBps()), pct(c.relative()), pct(c.finalAccuracy()));
    }

    /** The K=1 and K=2 costs of one rule, K=1 first (the base); a run that failed is left out. */
    static List<Cost> costs(FaultsPart.RuleRuns r) {
        List<Cost> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        if (r.k1() != null) {
            out.add(cost("K=1", r.k1(), r.k1()));
        }
        if (r.k2() != null) {
            out.add(cost("K=2", r.k2(), r.k1()));
        }
        return out;
    }

    /**
     * K=2 over K=1 for one rule; null without both runs. Both figures must be within the goal: samples/s is the
     * steady step rate, training time includes the warm-up and any stall, and replication can cost either.
     */
    static Ratio ratio(FaultsPart.RuleRuns r) {
        if (r == null || r.k1() == null || r.k2() == null) {
            return null;
        }
        double samples = r.k2().samplesPerSecond() / r.k1().samplesPerSecond();
        double train = r.k2().trainSeconds() / r.k1().trainSeconds();
        return new Ratio(samples, train, samples >= 1 - GOAL && train <= 1 + GOAL);
    }

    /** The rows of the runs table for one rule: killed, K=2, K=1; a failed run keeps its row, with dashes. */
    static List<List<String>> runRows(FaultsPart.RuleRuns r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(r.killed() == null ? failedRow(r, "K=2, kills")
                : runRow(r.label(), "K=2, kills", r.killed().result(), r.killed().killSeconds()));
        rows.add(r.k2() == null ? failedRow(r, "K=2") : runRow(r.label(), "K=2", r.k2(), List.of()));
        rows.add(r.k1() == null ? failedRow(r, "K=1") : runRow(r.label(), "K=1", r.k1(), List.of()));
        return rows;
    }

    /** One row of the runs table, cells in {@link #RUNS_HEADER}'s order. */
    static List<String> runRow(String rule, String run, RunResult r, List<Double> kills) {
        String k = kills.isEmpty() ? "none" : kills.size() + " at " + killList(kills);
        return List.of(rule, run, k, f2(r.trainSeconds()), f0(r.samplesPerSecond()), pct(r.finalAccuracy()));
    }

    private static List<String> failedRow(FaultsPart.RuleRuns r, String run) {
        return List.of(r.label(), run + " (failed)", "-", "-", "-", "-");
    }

    /** The kills as the report says them: {@code 5.1, 10.3, 15.4 s}, or {@code none}. */
    static String killList(List<Double> seconds) {
        return seconds.isEmpty() ? "none"
                : seconds.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).collect(Collectors.joining(", "))
                        + " s";
    }

    static String markdown(FaultsPart.Results r, String plot) {
        StringBuilder md = new StringBuilder("## Faults\n\n");
        md.append("Logistic regression on SpamAssassin, 3 servers, 2 workers, real compute on loopback, under ASP and "
                + "under BSP. The coordinator keeps each slice on 2 servers (`--replication 2`); a server killed with "
                + "SIGKILL has its slices served by their replicas while a fresh server is started and rejoins. ASP "
                + "copies each push to the backups as the primary applies it; BSP replicates after aggregation: a "
                + "chain's primary closes a round, applies it and copies the aggregate to its backups, and when a "
                + "primary dies the workers resend their pushes of the rounds not yet committed to the new "
                + "primary.\n\n");
        runs(md, r);
        if (plot != null) {
            md.append("![").append(plot).append("](").append(plot).append(")\n\n");
            md.append("The x axis is wall time since worker 0's first step, evaluations included; each dashed line "
                    + "is a kill, in its rule's colour, timed from when the harness saw the first worker start "
                    + "(within 0.1 s).\n\n");
        }
        cost(md, r);
        failover(md, r.failover());
        if (!r.failures().isEmpty()) {
            md.append("**Failed.**\n\n");
            r.failures().forEach(f -> md.append("- ").append(f.replace('\n', ' ')).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static void runs(StringBuilder md, FaultsPart.Results r) {
        if (r.rules().isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "**Runs.** With kills, a server was killed every %d s once every "
                + "server was back in service; the times are seconds after training started. Training time is from "
                + "the first step to the last, without evaluations (slowest worker).%n%n",
                FaultsPart.KILL_EVERY.toSeconds()));
        md.append(line(RUNS_HEADER)).append("|---".repeat(RUNS_HEADER.size())).append("|\n");
        for (FaultsPart.RuleRuns rule : r.rules()) {
            runRows(rule).forEach(row -> md.append(line(row)));
        }
        md.append('\n');
    }

    private static void cost(StringBuilder md, FaultsPart.Results r) {
        if (r.rules().stream().allMatch(rule -> costs(rule).isEmpty())) {
            return;
        }
        md.append("**Cost of replication** (no kills). ms / step is the steady time per step past the warm-up; push "
                + "MB/s is the payload bytes all workers pushed over the training time (a backup's copy is the "
                + "primary's work and is not counted again).\n\n");
        md.append(line(COST_HEADER)).append("|---".repeat(COST_HEADER.size())).append("|\n");
        for (FaultsPart.RuleRuns rule : r.rules()) {
            costs(rule).forEach(c -> md.append(line(costRow(rule.label(), c))));
        }
        md.append('\n');
        for (FaultsPart.RuleRuns rule : r.rules()) {
            Ratio q = ratio(rule);
            if (q == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "- %s, K=2 / K=1: samples/s %s, training time %s: %s.%n",
                    rule.label(), pct(q.samplesPerSecond()), pct(q.trainSeconds()),
                    verdict(rule.rule().mode(), q.withinGoal())));
        }
        md.append('\n');
    }

    /** The goal is BSP's; ASP's figures are only said to be within 10 % or not. */
    private static String verdict(Consistency.Mode mode, boolean within) {
        String pct = f0(100 * GOAL);
        if (mode == Consistency.Mode.BSP) {
            return within ? "the goal (K=2 within " + pct + " % of K=1) is met"
                    : "the goal (K=2 within " + pct + " % of K=1) is not met";
        }
        return within ? "within " + pct + " % of K=1" : "not within " + pct + " % of K=1";
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

    /**
     * {@code faults.json}: ASP's figures under the names they had before BSP ran ({@code killSeconds},
     * {@code replication}), BSP's under {@code bsp*}, every run in {@code runs}, and the fail-over distribution.
     */
    static String json(FaultsPart.Results r) {
        FaultsPart.RuleRuns asp = r.rule(Consistency.Mode.ASP);
        FaultsPart.RuleRuns bsp = r.rule(Consistency.Mode.BSP);
        List<RunJson> runs = new ArrayList<>();
        for (FaultsPart.RuleRuns rule : r.rules()) {
            if (rule.killed() != null) {
                runs.add(RunJson.of(rule, "K=2, kills", rule.killed().result(), rule.killed().killSeconds()));
            }
            if (rule.k2() != null) {
                runs.add(RunJson.of(rule, "K=2", rule.k2(), List.of()));
            }
            if (rule.k1() != null) {
                runs.add(RunJson.of(rule, "K=1", rule.k1(), List.of()));
            }
        }
        return Json.compact(new FaultsJson(kills(asp), costs(asp), ratio(asp), kills(bsp), costs(bsp), ratio(bsp),
                GOAL, runs, r.failover() == null ? null : r.failover().distribution(), r.failures())) + "\n";
    }

    private static List<Double> kills(FaultsPart.RuleRuns r) {
        return r == null || r.killed() == null ? List.of() : r.killed().killSeconds();
    }

    record FaultsJson(List<Double> killSeconds, List<Cost> replication, Ratio replicationRatio,
            List<Double> bspKillSeconds, List<Cost> bspReplication, Ratio bspReplicationRatio, double goal,
            List<RunJson> runs, FailoverDistribution failover, List<String> failures) {
    }

    /** One run in {@code faults.json}: rule ({@code asp}, {@code bsp}), run, kills and the runs table's figures. */
    record RunJson(String rule, String run, List<Double> killSeconds, double trainSeconds, double samplesPerSecond,
            double finalAccuracy) {
        static RunJson of(FaultsPart.RuleRuns rule, String run, RunResult r, List<Double> kills) {
            return new RunJson(rule.rule().toString(), run, kills, r.trainSeconds(), r.samplesPerSecond(),
                    r.finalAccuracy());
        }
    }
}
