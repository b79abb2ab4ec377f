package dev.shoal.cli.bench;

import dev.shoal.bench.launch.ReferenceRunner;
import dev.shoal.bench.launch.WorkerFleet;
import dev.shoal.bench.pushpull.Aggregator;
import dev.shoal.bench.pushpull.BenchReport;
import dev.shoal.bench.pushpull.BenchSetup;
import dev.shoal.bench.pushpull.Targets;
import dev.shoal.bench.pushpull.WorkerResult;
import dev.shoal.bench.pushpull.Workload;
import dev.shoal.bench.tcp.ReferenceResult;
import dev.shoal.cli.Shoal;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal bench pushpull}: raw push and pull throughput and latency of a local cluster, beside plain TCP.
 *
 * <pre>{@code
 * shoal bench pushpull --servers 2 --workers 2 --size 4194304 --runs 5 --seconds 3 --json
 * }</pre>
 *
 * <p>Flags, processes and printing only; the loops, statistics and report live in {@code shoal-bench}.
 */
@Command(name = "pushpull", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        sortOptions = false,
        header = "Measure raw push and pull throughput and latency of a local cluster (ASP).",
        description = {
            "Measures plain TCP between two processes on loopback as the machine's reference, then starts a "
                    + "coordinator and S servers (each its own JVM, consistency asp) and W bench worker JVMs. "
                    + "Each worker warms up, then for every run pushes the whole table over and over for "
                    + "--seconds, then pulls it likewise, with --window requests in flight; workers start each "
                    + "loop together.",
            "",
            "Prints, for push and pull: throughput (median over runs of the sum over workers; GB = 10^9 bytes), "
                    + "requests/s, latency p50 and p99, min..max and relative IQR over runs, the ratio to plain "
                    + "TCP, and the targets set for this setup, if any."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal bench pushpull --servers 1 --workers 1 --size 4194304 --runs 3",
            "  shoal bench pushpull --size 4096 --window 16",
            "  shoal bench pushpull --servers 2 --workers 2 --size 4194304 --json",
            "  shoal bench pushpull --sparse-keys 10000000"})
public final class PushPullCommand implements Callable<Integer> {
    /** Joining, table creation and teardown, on top of the workers' own time budget. */
    private static final Duration CLUSTER_SLACK = Duration.ofSeconds(90);

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", paramLabel = "S", description = "Server processes (default: ${DEFAULT-VALUE}).")
    int servers = 1;

    @Option(names = "--workers", paramLabel = "W", description = "Bench worker processes (default: ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(names = "--replication", paramLabel = "K", description = "Servers holding each slice (the coordinator's "
            + "--replication; default: its own, 2 with 2 servers or more): compare 1 and 2 for the cost of "
            + "replication.")
    int replication = 0;

    @Option(names = "--size", paramLabel = "BYTES", description = "Dense table size in bytes, a multiple of 4; "
            + "ignored with --sparse-keys (default: ${DEFAULT-VALUE}).")
    long size = 4 << 20;

    @Option(names = "--window", paramLabel = "N", description = "Requests in flight per worker (default: "
            + "${DEFAULT-VALUE}).")
    int window = 1;

    @Option(names = "--sparse-keys", paramLabel = "N", description = "Sparse mode: each request pushes or pulls N "
            + "random keys of a table of dimension 1.")
    long sparseKeys;

    @Option(names = "--runs", paramLabel = "R", description = "Timed runs of push and of pull (default: "
            + "${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--seconds", paramLabel = "T", description = "Length of each timed loop (default: "
            + "${DEFAULT-VALUE}).")
    double seconds = 3;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--reference-seconds", paramLabel = "T", description = "Length of each plain-TCP run "
            + "(default: ${DEFAULT-VALUE}).")
    double referenceSeconds = 1;

    @Option(names = "--no-reference", description = "Skip the plain-TCP reference.")
    boolean noReference;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "JVM option for every process; repeatable, "
            + "e.g. --jvm-opt=-Xmx4g.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--logs", paramLabel = "DIR", description = "Log directory (default: a new temporary one).")
    Path logs;

    @Override
    public Integer call() throws IOException {
        BenchSetup setup = setup();
        PrintWriter err = spec.commandLine().getErr();
        Path logDir = logs != null ? Files.createDirectories(logs) : Files.createTempDirectory("shoal-bench-");
        err.println("shoal bench: " + setup.describe() + "; logs in " + logDir);
        try {
            ReferenceResult reference = noReference ? null : reference(setup.workload(), logDir, err);
            List<WorkerResult> results = runCluster(setup, logDir, err);
            BenchReport report = new BenchReport(setup, Aggregator.aggregate(results), reference);
            spec.commandLine().getOut().print(json ? report.json() + System.lineSeparator() : report.table());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (LocalClusterException | IllegalStateException | IOException e) {
            err.println("shoal bench: " + e.getMessage());
            return 1;
        }
    }

    private BenchSetup setup() {
        if (!(referenceSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--reference-seconds must be positive, got "
                    + referenceSeconds);
        }
        try {
            return new BenchSetup(servers, workers, new Workload(size, window, sparseKeys, runs,
                    BenchWorkerCommand.seconds(seconds), Workload.DEFAULT_WARMUP, Workload.DEFAULT_SEED));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ReferenceResult reference(Workload w, Path logDir, PrintWriter err) throws IOException {
        int chunk = (int) Math.min(w.bytesPerOp(), 1 << 30);
        err.println("shoal bench: plain TCP reference, " + chunk + "-byte chunks");
        return ReferenceRunner.measure(logDir, jvmOptions, chunk, w.runs(), BenchWorkerCommand.seconds(
                referenceSeconds));
    }

    private List<WorkerResult> runCluster(BenchSetup setup, Path logDir, PrintWriter err) throws IOException {
        try (LocalCluster cluster = LocalCluster.builder().servers(setup.servers()).workers(setup.workers())
                .consistency("asp").launchWorkers(false).logDir(logDir).jvmOptions(jvmOptions)
                .coordinatorArgs(replication > 0 ? List.of("--replication", Integer.toString(replication)) : List.of())
                .build()) {
            cluster.start();
            err.println("shoal bench: cluster up at " + cluster.coordinatorAddress() + "; starting "
                    + setup.workers() + " bench worker(s)" + targetsNote(setup));
            try (WorkerFleet fleet = WorkerFleet.start(setup.workers(), cluster.coordinatorAddress(),
                    BenchWorkerCommand.argsFor(setup.workload()), jvmOptions, logDir)) {
                return fleet.await(cluster, setup.workload().workerBudget().plus(CLUSTER_SLACK));
            }
        }
    }

    private static String targetsNote(BenchSetup setup) {
        return setup.targets().isEmpty() ? "" : " (" + setup.targets().size() + " of " + Targets.ALL.size()
                + " targets apply)";
    }
}
