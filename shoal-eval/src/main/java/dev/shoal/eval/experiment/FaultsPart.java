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
 * The {@code faults} part of an experiment: an ASP run of logistic regression on SpamAssassin (3 servers, 2 workers,
 * replication 2) with a server killed every few seconds, the same run without kills, the same run without
 * replication (K=1), and the fail-over time distribution of {@code shoal bench failover} over a few kills.
 *
 * <pre>{@code
 * FaultsPart part = new FaultsPart(runner, out, spamData, log);
 * FaultsPart.Results r = part.run();   // also writes faults.json and faults-failover.json into out
 * }</pre>
 *
 * <p>BSP is not run: a BSP table is not replicated yet, so a killed server ends a BSP job ({@link FaultsSection}
 * says so in the report).
 */
final class FaultsPart {
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
     * What the part measured; a run that failed is null and named in {@code failures}.
     *
     * @param killed   the run with kills
     * @param k2       the same run without kills, replication 2: the reference curve
     * @param k1       the same run without kills or replication
     * @param failover the fail-over trials; null when they could not run
     * @param failures one message per run that did not finish
     */
    record Results(FaultPlan.Outcome killed, RunResult k2, RunResult k1, FailoverReport failover,
            List<String> failures) {
        /** The finished runs, for runs.csv and runs.json. */
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

    FaultsPart(ExperimentRunner runner, Path out, Path spamData, PrintWriter log) {
        this.runner = runner;
        this.out = out;
        this.spamData = spamData;
        this.log = log;
    }

    /** The number of steps the part announces: three training runs and the fail-over trials. */
    static int planned() {
        return 3 + 1;
    }

    /** Runs it all; {@code step} gives each announcement's prefix, such as {@code [3/4]}. */
    Results run(Supplier<String> step) throws IOException {
        FaultPlan.Outcome killed = run(step, spec("faults-asp-k2-kills"), FaultPlan.kills(2, KILL_EVERY, SEED));
        FaultPlan.Outcome k2 = run(step, spec("faults-asp-k2"), FaultPlan.replicated(2));
        FaultPlan.Outcome k1 = run(step, spec("faults-asp-k1"), FaultPlan.replicated(1));
        log.printf(Locale.ROOT, "%s fail-over: %d kills, one fresh cluster of %d servers each%n", step.get(),
                FAILOVER_KILLS, SERVERS);
        log.flush();
        FailoverReport failover = failover();
        Results r = new Results(killed, k2 == null ? null : k2.result(), k1 == null ? null : k1.result(), failover,
                List.copyOf(failures));
        Files.writeString(out.resolve("faults.json"), FaultsSection.json(r));
        if (failover != null) {
            Files.writeString(out.resolve("faults-failover.json"), failover.json() + "\n");
        }
        return r;
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

    private RunSpec spec(String name) {
        JobConfig job = JobConfig.defaults(ModelKind.SPARSE_LR).withData(spamData).withConsistency(Consistency.asp())
                .withEpochs(EPOCHS).withEvalEvery(100);
        return new RunSpec(Group.FAULTS, name, job, SERVERS, WORKERS, RunSpec.LOOPBACK, 0, 1.0);
    }
}
