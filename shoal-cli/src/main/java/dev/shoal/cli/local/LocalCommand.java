package dev.shoal.cli.local;

import dev.shoal.cli.Shoal;
import dev.shoal.launch.ChaosMonkey;
import dev.shoal.launch.JvmOptions;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterBuilder;
import dev.shoal.launch.LocalClusterException;
import dev.shoal.launch.NodeFailure;
import dev.shoal.launch.NodeOutput;
import dev.shoal.protocol.table.Consistency;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shoal local}: runs a whole cluster on this machine through {@link LocalCluster} and waits for its
 * workers.
 *
 * <pre>{@code
 * shoal local --servers 2 --workers 4 --consistency ssp:3 -- --clocks 200
 * }</pre>
 */
@Command(name = "local", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        sortOptions = false,
        header = "Run a whole cluster on this machine: a coordinator, servers and workers, each its own JVM.",
        description = {
            "Starts the coordinator and waits until it listens, then the servers, then the workers, all on "
                    + "127.0.0.1. Each node logs to DIR/<node>.log; its lines are also printed here as "
                    + "'[node] line'. Arguments after -- go to every worker (see 'shoal worker --help').",
            "",
            "Exits 0 once every worker has exited 0. If a node exits with an error, prints which one and the "
                    + "end of its log, stops the others and exits with that node's code. Ctrl-C stops every node."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal local --servers 2 --workers 2",
            "  shoal local --workers 4 --consistency ssp:3 --logs /tmp/run1 -- --clocks 200",
            "  shoal local --base-port 7100 --jvm-opt=-Xmx1g -- --size 1000000"})
public final class LocalCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("'local-'yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", paramLabel = "S", description = "Parameter servers (default: ${DEFAULT-VALUE}).")
    int servers = 2;

    @Option(names = "--workers", paramLabel = "W", description = "Workers (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--consistency", paramLabel = "MODE",
            description = "bsp, asp or ssp:N (default: ${DEFAULT-VALUE}).")
    String consistency = "bsp";

    @Option(names = "--base-port", paramLabel = "P",
            description = "Coordinator on P, server N on P+1+N (default: free ports).")
    Integer basePort;

    @Option(names = "--logs", paramLabel = "DIR", description = "Log directory (default: runs/local-<timestamp>).")
    Path logs;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS",
            description = "Passed to the coordinator (default: the coordinator's).")
    Long heartbeatTimeoutMs;

    @Option(names = "--jvm-opt", paramLabel = "OPT",
            description = "JVM option for every node; repeatable, e.g. --jvm-opt=-Xmx1g.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--replication", paramLabel = "K", description = "Servers holding each slice and partition of an "
            + "table (the coordinator's --replication; default: 2 with 2 servers or more).")
    int replication = 0;

    @Mixin
    ChaosOptions chaos = new ChaosOptions();

    @Option(names = "--timeout-s", paramLabel = "SECONDS",
            description = "Stop with an error if workers run longer than this; 0 waits forever (default: "
                    + "${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Parameters(paramLabel = "WORKER_ARG", description = "Arguments for every worker, after --.")
    List<String> workerArgs = new ArrayList<>();

    private final String mainClass;

    public LocalCommand() {
        this(JvmOptions.SHOAL_MAIN);
    }

    /** For tests: runs nodes with a stand-in main class that takes Shoal's arguments. */
    LocalCommand(String mainClass) {
        this.mainClass = mainClass;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LocalCluster cluster = cluster(out)) {
            out.printf("shoal local: coordinator, %d server(s), %d worker(s), %s; logs in %s%n",
                    servers, workers, consistency, cluster.logDir());
            cluster.start();
            int code;
            try (ChaosMonkey monkey = chaos.start(cluster, out)) {
                code = cluster.awaitWorkers(timeout());
            }
            return report(cluster, code, out, err);
        } catch (LocalClusterException e) {
            err.println("shoal local: " + e.getMessage());
            return 1;
        }
    }

    private void validate() {
        if (servers < 1 || workers < 1) {
            throw new ParameterException(spec.commandLine(), "--servers and --workers must be at least 1");
        }
        if (basePort != null && (basePort < 1 || basePort + servers > 65_535)) {
            throw new ParameterException(spec.commandLine(), "--base-port leaves no room for " + servers
                    + " servers: " + basePort);
        }
        if (timeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout-s must be >= 0");
        }
        try {
            consistency = Consistency.parse(consistency).toString();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        chaos.validate(spec, servers);
    }

    private LocalCluster cluster(PrintWriter out) {
        LocalClusterBuilder builder = LocalCluster.builder()
                .servers(servers).workers(workers).consistency(consistency)
                .logDir(logs != null ? logs : Path.of("runs", RUN_NAME.format(LocalDateTime.now())))
                .jvmOptions(jvmOptions).workerArgs(workerArgs)
                .output(NodeOutput.prefixed(out::println))
                .mainClass(mainClass);
        if (basePort != null) {
            builder.basePort(basePort);
        }
        if (heartbeatTimeoutMs != null) {
            builder.heartbeatTimeout(Duration.ofMillis(heartbeatTimeoutMs));
        }
        if (replication > 0) {
            builder.coordinatorArgs(List.of("--replication", Integer.toString(replication)));
        }
        return builder.build();
    }

    private Duration timeout() {
        return timeoutSeconds == 0 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofSeconds(timeoutSeconds);
    }

    private static int report(LocalCluster cluster, int code, PrintWriter out, PrintWriter err) {
        Optional<NodeFailure> failure = cluster.failure();
        if (failure.isPresent()) {
            err.println("shoal local: " + failure.get().describe());
            err.println("shoal local: stopping the other nodes");
        } else if (code == 0) {
            out.println("shoal local: all workers finished; stopping the cluster");
        } else {
            err.println("shoal local: workers stopped with code " + code);
        }
        return code;
    }
}
