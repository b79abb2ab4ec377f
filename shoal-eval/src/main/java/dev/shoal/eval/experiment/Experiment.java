package dev.shoal.eval.experiment;

import dev.shoal.eval.experiment.RunSpec.Group;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A whole experiment: the preset's runs one after the other, then the tables, plots and report in one folder.
 *
 * <pre>{@code
 * Experiment e = new Experiment(Preset.named("small"), Path.of("runs/exp"), mlpData, spamData,
 *         EnumSet.allOf(RunSpec.Group.class), Duration.ofMinutes(10), out);
 * Experiment.Outcome o = e.run();   // runs.csv, runs.json, report.md and *.png in runs/exp
 * }</pre>
 *
 * <p>A run that fails is reported and the others still run; {@link Outcome#failures()} lists them.
 */
public final class Experiment {
    private final Preset preset;
    private final Path out;
    private final Path mlpData;
    private final Path spamData;
    private final Set<Group> parts;
    private final ExperimentRunner runner;
    private final PrintWriter log;
    private final List<RunResult> results = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int planned;
    private int done;
    private FaultsPart.Results faults;

    /**
     * What an experiment left behind.
     *
     * @param results  every run that finished, in run order
     * @param failures one message per run that did not
     * @param plots    the PNG files written
     * @param minutes  how long the whole experiment took
     */
    public record Outcome(List<RunResult> results, List<String> failures, List<Path> plots, double minutes) {
    }

    public Experiment(Preset preset, Path out, Path mlpData, Path spamData, Set<Group> parts, Duration runTimeout,
            PrintWriter log) {
        this.preset = preset;
        this.out = out;
        this.mlpData = mlpData;
        this.spamData = spamData;
        this.parts = parts.isEmpty() ? EnumSet.noneOf(Group.class) : EnumSet.copyOf(parts);
        this.runner = new ExperimentRunner(out, runTimeout);
        this.log = log;
    }

    public Outcome run(String header) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(out);
        boolean scaling = parts.contains(Group.SCALABILITY);
        planned = (scaling ? preset.workers().size() * (1 + preset.servers().size() * preset.networks().size()) : 0)
                + (parts.contains(Group.CONVERGENCE) ? 2 * preset.modes().size() : 0)
                + (parts.contains(Group.STRAGGLERS) ? preset.stragglerModels().size() * preset.modes().size() : 0)
                + (parts.contains(Group.FAULTS) ? FaultsPart.planned() : 0);
        if (scaling) {
            runAll(preset.references(mlpData));
            results.stream().filter(r -> r.spec().group() == Group.REFERENCE && r.spec().job().batch()
                    == Preset.PER_WORKER_BATCH).findFirst().ifPresentOrElse(
                        ref -> runAll(preset.scalability(mlpData, Estimates.computeMicros(ref))),
                        () -> failures.add("scalability: no 1-worker reference run to calibrate the compute from"));
        }
        if (parts.contains(Group.CONVERGENCE)) {
            runAll(preset.convergence(mlpData, spamData));
        }
        if (parts.contains(Group.STRAGGLERS)) {
            runAll(preset.stragglers(mlpData, spamData));
        }
        if (parts.contains(Group.FAULTS)) {
            faults = new FaultsPart(runner, out, spamData, log).run(this::step);
            results.addAll(faults.runs());
            failures.addAll(faults.failures());
        }
        return report(header, (System.nanoTime() - start) / 60e9);
    }

    private void runAll(List<RunSpec> specs) {
        for (RunSpec spec : specs) {
            log.printf(Locale.ROOT, "%s %s%n", step(), spec.describe());
            log.flush();
            long t0 = System.nanoTime();
            try {
                RunResult r = runner.run(spec);
                results.add(r);
                log.printf(Locale.ROOT, "        %s (%.0f s)%n", summary(r), (System.nanoTime() - t0) / 1e9);
            } catch (ExperimentException | IOException e) {
                failures.add(e.getMessage());
                log.printf("        FAILED: %s%n", e.getMessage());
            }
            log.flush();
        }
    }

    /** The next run's prefix on the console, {@code [3/12]}. */
    private String step() {
        done++;
        return String.format(Locale.ROOT, "[%d/%d]", done, planned);
    }

    private static String summary(RunResult r) {
        String speed = String.format(Locale.ROOT, "%d steps, %.2f ms/step, %.0f samples/s", r.steps(),
                r.secondsPerStep() * 1e3, r.samplesPerSecond());
        if (r.evaluations().isEmpty()) {
            return speed;
        }
        return speed + String.format(Locale.ROOT, ", final accuracy %.2f %%, %s", 100 * r.finalAccuracy(),
                r.reachedTarget() ? String.format(Locale.ROOT, "target at %.2f s", r.timeToTarget())
                        : "target not reached");
    }

    private Outcome report(String header, double minutes) throws IOException {
        Estimates estimates = new Estimates(results);
        ResultTable.writeCsv(results, out.resolve("runs.csv"));
        ResultTable.writeJson(results, out.resolve("runs.json"));
        List<Path> plots = new ArrayList<>(new ExperimentPlotSet(out, results, estimates).write());
        String faultsSection = "";
        Path faultsPlot = null;
        if (faults != null) {
            faultsPlot = FaultsPlot.write(out, faults.rules());
            faultsSection = FaultsSection.markdown(faults,
                    faultsPlot == null ? null : faultsPlot.getFileName().toString());
        }
        new ExperimentReport(results, estimates, header).write(out.resolve("report.md"), plots, faultsSection,
                minutes);
        if (faultsPlot != null) {
            plots.add(faultsPlot);   // shown in the Faults section, not again under Plots
        }
        return new Outcome(List.copyOf(results), List.copyOf(failures), plots, minutes);
    }
}
