package dev.shoal.eval.experiment;

import dev.shoal.bench.failover.FailoverReport;
import dev.shoal.bench.failover.FailoverSetup;
import dev.shoal.bench.failover.FailoverTrials;
import dev.shoal.bench.failover.Trial;
import dev.shoal.eval.experiment.RunSpec.Group;
import dev.shoal.launch.LocalClusterException;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.protocol.table.Consistency;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The {@code faults} part of an experiment: logistic regression on SpamAssassin (3 servers, 2 workers) under each
 * rule of {@link #RULES}, three runs a rule: replication 2 with a server killed every few seconds, the same without
 * kills, the same without replication (K=1); then the fail-over time distribution of {@code shoal bench failover}
 * over a few kills.
 *
 * <pre>{@code
 * FaultsPart part = new FaultsPart(runner, out, spamData, log);
 * FaultsPart.Results r = part.run(step);   // also writes faults.json and faults-failover.json into out
 * r.rule(Consistency.Mode.BSP).k2();      // BSP, replication 2, no kills
 * }</pre>
 *
 * <p>ASP replicates each push as it comes; BSP replicates after aggregation (a chain's primary closes a round and
 * copies the aggregate to its backups), so the two rules pay for K=2, and recover from a kill, differently.
 */
final class FaultsPart {
    /** The rules run, in report order: ASP first, as it was measured before BSP had replicas. */
    static final List<Consistency> RULES = List.of(Consistency.asp(), Consistency.bsp());
    /** Seconds between kills: several kills in a run of a few tens of seconds. */
    static final Duration KILL_EVERY = Duration.ofSeconds(4);
    /** Kills of the fail-over distribution: a few, so that the part stays a few minutes. */
    static final int FAILOVER_KILLS = 5;
    private static final int SERVERS = 3;
    private static final int WORKERS = 2;
    /** About 25 s of training on 2 cores: room for several kills, and a steadier K=1 against K=2. */
    private static final int EPOCHS = 8;
    private static final long SEED = 1;
    private final ExperimentRunner runner;
    private final Path out;
    private final Path spamData;
    private final PrintWriter log;
    private final List<String> failures = new ArrayList<>();


    /**
     * The three runs of one rule; a run that failed is null (and named in the part's failures).
     *
     * @param rule   the consistency rule of all three
     * @param killed the run with kills
     * @param k2     the same run without kills, replication 2: the reference curve
     * @param k1     the same run without kills or replication
     */
    record RuleRuns(Consistency rule, FaultPlan.Outcome killed, RunResult k2, RunResult k1) {
        /** {@code ASP}, {@code BSP}: how the report and the plot name the rule. */
        String label() {
            return rule.mode().name();
        }

        /** The finished runs, killed then K=2 then K=1. */
        List<RunResult> runs() {
            List<RunResult> all = new ArrayList<>();
            if (killed != null) {
                all.add(killed.result());
            }
            if (k2 != null) {
                all.add(k2);
            }
            if (k1 != null) {
                all.add(k1);
            }
            return all;
        }
    }

    /**
     * What the part measured.
     *
     * @param rules    one entry per rule of {@link #RULES}, in that order
     * @param failover the fail-over trials; null when they could not run
     * @param failures one message per run that did not finish
     */
    record Results(List<RuleRuns> rules, FailoverReport failover, List<String> failures) {
        /** The finished runs of every rule, for runs.csv and runs.json. */
        List<RunResult> runs() {
            return rules.stream().flatMap(r -> r.runs().stream()).toList();
        }

        /** The runs of {@code mode}; null when the part did not run that rule. */
        RuleRuns rule(Consistency.Mode mode) {
            return rules.stream().filter(r -> r.rule().mode() == mode).findFirst().orElse(null);
        }
    }

    FaultsPart(ExperimentRunner runner, Path out, Path spamData, PrintWriter log) {
        this.runner = runner;
        this.out = out;
        this.spamData = spamData;
        this.log = log;
    }

    /** The number of steps the part announces: three training runs per rule and the fail-over trials. */
    static int planned() {
        return 3 * RULES.size() + 1;
    }

    /** Runs it all; {@code step} gives each announcement's prefix, such as {@code [3/7]}. */
    Results run(Supplier<String> step) throws IOException {
        List<RuleRuns> rules = new ArrayList<>();
        for (Consistency rule : RULES) {
            rules.add(runs(step, rule));
        }
        log.printf(Locale.ROOT, "%s fail-over: %d kills, one fresh cluster of %d servers each%n", step.get(),
                FAILOVER_KILLS, SERVERS);
        log.flush();
        FailoverReport failover = failover();
        Results r = new Results(List.copyOf(rules), failover, List.copyOf(failures));
        Files.writeString(out.resolve("faults.json"), FaultsSection.json(r));
        if (failover != null) {
            Files.writeString(out.resolve("faults-failover.json"), failover.json() + "\n");
        }
        return r;
    }

    /** The three runs of {@code rule}: kills first, so that a rule that cannot survive them says so early. */
    private RuleRuns runs(Supplier<String> step, Consistency rule) {
        FaultPlan.Outcome killed = run(step, spec(rule, "k2-kills"), FaultPlan.kills(2, KILL_EVERY, SEED));
        FaultPlan.Outcome k2 = run(step, spec(rule, "k2"), FaultPlan.replicated(2));
        FaultPlan.Outcome k1 = run(step, spec(rule, "k1"), FaultPlan.replicated(1));
        return new RuleRuns(rule, killed, k2 == null ? null : k2.result(), k1 == null ? null : k1.result());
    }

    private FaultPlan.Outcome run(Supplier<String> step, RunSpec spec, FaultPlan plan) {
        log.printf(Locale.ROOT, "%s %s, replication %d%s%n", step.get(), spec.describe(),
                plan.replication(), plan.chaos() ? ", a server killed every " + plan.every().toSeconds() + " s" : "");
        log.flush();
        long t0 = System.nanoTime();
        try {
            FaultPlan.Outcome o = runner.run(spec, plan);
            log.printf(Locale.ROOT, "        %.2f s training, %.0f samples/s, final accuracy %s, %d kill(s) (%.0f s)%n",
                    o.result().trainSeconds(), o.result().samplesPerSecond(),
                    ExperimentReport.pct(o.result().finalAccuracy()), o.killSeconds().size(),
                    (System.nanoTime() - t0) / 1e9);
            return o;
        } catch (ExperimentException | IOException e) {
            failures.add(e.getMessage());
            log.printf("        FAILED: %s%n", e.getMessage());
            return null;
        } finally {
            log.flush();
        }
    }

    private FailoverReport failover() {
        FailoverSetup setup = new FailoverSetup(SERVERS, FAILOVER_KILLS, 3 << 20, Duration.ofSeconds(3), SEED);
        FailoverTrials trials = new FailoverTrials(setup, List.of(), out.resolve("failover"));
        Random victims = setup.victims();
        List<Trial> done = new ArrayList<>();
        try {
            for (int i = 1; i <= setup.kills(); i++) {
                Trial t = trials.run(i, setup.victim(victims));
                done.add(t);
                log.println("        " + t.describe());
                log.flush();
            }
        } catch (LocalClusterException e) {
            failures.add("fail-over: " + e.getMessage());
            log.println("        FAILED: " + e.getMessage());
            return done.isEmpty() ? null : new FailoverReport(setup, done);
        }
        return new FailoverReport(setup, done);
    }

    /** {@code faults-asp-k2-kills} and so on: one run folder per rule and plan. */
    private RunSpec spec(Consistency rule, String plan) {
        String name = "faults-" + rule + "-" + plan;
        JobConfig job = JobConfig.defaults(ModelKind.SPARSE_LR).withData(spamData).withConsistency(rule)
                .withEpochs(EPOCHS).withEvalEvery(100);
        return new RunSpec(Group.FAULTS, name, job, SERVERS, WORKERS, RunSpec.LOOPBACK, 0, 1.0);
    }
}
