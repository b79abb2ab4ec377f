package dev.shoal.cli.bench;

import dev.shoal.bench.failover.FailoverReport;
import dev.shoal.bench.failover.FailoverSetup;
import dev.shoal.bench.failover.FailoverTrials;
import dev.shoal.bench.failover.Trial;
import dev.shoal.cli.Shoal;
import ch.qos.logback.classic.Level;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal bench failover}: how long pushes stop when a server is killed, over many kills.
 *
 * <pre>{@code
 * shoal bench failover --servers 3 --kills 20 --size 3145728 --seconds 6 --json
 * }</pre>
 *
 * <p>Flags, trial loop and printing only; the probe, the trials and the statistics live in {@code shoal-bench}
 * ({@code dev.shoal.bench.failover}).
 */
@Command(name = "failover", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        sortOptions = false,
        header = "Measure the fail-over time after a server is killed (kill -9), over many kills.",
        description = {
            "Each trial starts a fresh local cluster (a coordinator, S servers, one worker; ASP; every slice on 2 "
                    + "servers) whose worker pushes a dense table over every server, one push at a time, and notes "
                    + "when each push is acknowledged. After the worker's warm-up (1 s) and half a second of "
                    + "recorded pushes, a server picked with --seed is killed with SIGKILL.",
            "",
            "The fail-over time is the time from SIGKILL to the first push the worker saw acknowledged under "
                    + "the new layout (the coordinator's view without the killed server); a trial also says when a "
                    + "stall elsewhere was longer than the wait before that push. Prints each trial, then min, "
                    + "median, p90, max and mean over the kills, the normal push round trip and how many kills met "
                    + "the goal (under 1 s). One line per trial goes to stderr as it ends. Exits with 1 if a trial "
                    + "failed (the worker or another node died, or not exactly one server was lost)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal bench failover --kills 20",
            "  shoal bench failover --servers 4 --size 4194304 --kills 5 --seconds 4 --json",
            "  shoal bench failover --kills 3 --logs runs/failover --jvm-opt=-Xmx1g"})
public final class FailoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", paramLabel = "S", description = "Server processes per trial (default: "
            + "${DEFAULT-VALUE}).")
    int servers = 3;

    @Option(names = "--kills", paramLabel = "N", description = "Trials, one kill each (default: ${DEFAULT-VALUE}).")
    int kills = 20;

    @Option(names = "--size", paramLabel = "BYTES", description = "Dense table size in bytes, a multiple of 4 and "
            + "at least 64 KiB per server so that every server is the primary of a slice (default: "
            + "${DEFAULT-VALUE}).")
    long size = 3 << 20;

    @Option(names = "--seconds", paramLabel = "T", description = "How long the worker records pushes per trial, "
            + "after its 1 s warm-up; the kill comes 0.5 s into it (default: ${DEFAULT-VALUE}).")
    double seconds = 6;

    @Option(names = "--seed", description = "Seed of the choice of the server killed in each trial (default: "
            + "${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "JVM option for every process; repeatable, "
            + "e.g. --jvm-opt=-Xmx1g.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--logs", paramLabel = "DIR", description = "Log directory, one trial-NN folder per trial "
            + "(default: a new temporary one).")
    Path logs;

    @Override
    public Integer call() throws IOException {
        FailoverSetup setup = setup();
        PrintWriter err = spec.commandLine().getErr();
        Path logDir = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("shoal-failover-");
        err.println("shoal bench failover: " + setup.describe() + "; logs in " + logDir);
        err.flush();
        // Twenty clusters' "started server-1 (pid ...)" lines would bury the one line per trial; failures still show.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LocalCluster.class)).setLevel(Level.WARN);
        FailoverTrials runner = new FailoverTrials(setup, jvmOptions, logDir);
        Random victims = setup.victims();
        List<Trial> trials = new ArrayList<>();
        try {
            for (int i = 1; i <= setup.kills(); i++) {
                Trial t = runner.run(i, setup.victim(victims));
                trials.add(t);
                err.println("shoal bench failover: " + t.describe());
                err.flush();
            }
        } catch (LocalClusterException e) {
            err.println("shoal bench failover: " + e.getMessage());
            return 1;
        }
        FailoverReport report = new FailoverReport(setup, trials);
        spec.commandLine().getOut().print(json ? report.json() + System.lineSeparator() : report.table());
        spec.commandLine().getOut().flush();
        return trials.stream().anyMatch(Trial::failed) ? 1 : 0;
    }

    private FailoverSetup setup() {
        try {
            return new FailoverSetup(servers, kills, size, BenchWorkerCommand.seconds(seconds), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
