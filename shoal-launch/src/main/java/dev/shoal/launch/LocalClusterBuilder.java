package dev.shoal.launch;

import dev.shoal.protocol.table.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link LocalCluster}; every one has a default.
 *
 * <pre>{@code
 * LocalCluster cluster = LocalCluster.builder()
 *         .servers(2).workers(4).consistency("ssp:3")
 *         .launchWorkers(false)              // coordinator and servers only; call startWorkers(...) later
 *         .output(NodeOutput.prefixed(System.out::println))
 *         .build();
 * }</pre>
 */
public final class LocalClusterBuilder {
    int servers = 1;
    int workers = 1;
    String consistency = "bsp";
    Duration heartbeatTimeout;
    int basePort;
    Path logDir;
    Path eventsDir;
    List<String> jvmOptions = List.of();
    List<String> workerJvmOptions = List.of();
    List<String> coordinatorArgs = List.of();
    List<String> serverArgs = List.of();
    List<String> workerArgs = List.of();
    boolean launchWorkers = true;
    NodeOutput output = NodeOutput.discard();
    Duration startupTimeout = Duration.ofSeconds(60);
    Duration stopGrace = Duration.ofSeconds(5);
    String mainClass = JvmOptions.SHOAL_MAIN;
    String externalCoordinator;
    NodePlacement placement = NodePlacement.LOOPBACK;

    LocalClusterBuilder() {
    }

    /**
     * Joins the workers to a cluster that is already running, whose coordinator is at {@code hostPort}: then
     * {@link LocalCluster#start} starts only workers, and the server count and consistency are the running
     * coordinator's.
     */
    public LocalClusterBuilder externalCoordinator(String hostPort) {
        externalCoordinator = Objects.requireNonNull(hostPort);
        return this;
    }

    /** Servers started by {@link LocalCluster#start}, and the count the coordinator waits for (default 1). */
    public LocalClusterBuilder servers(int count) {
        servers = atLeast(1, count, "servers");
        return this;
    }

    /** Workers the coordinator waits for, and those {@link LocalCluster#start} launches (default 1). */
    public LocalClusterBuilder workers(int count) {
        workers = atLeast(0, count, "workers");
        return this;
    }

    /** {@code bsp}, {@code asp} or {@code ssp:N} (default {@code bsp}). */
    public LocalClusterBuilder consistency(String mode) {
        consistency = Consistency.parse(mode).toString();
        return this;
    }

    /** Passed to the coordinator as {@code --heartbeat-timeout-ms}; by default the coordinator's own default. */
    public LocalClusterBuilder heartbeatTimeout(Duration timeout) {
        heartbeatTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** Coordinator on {@code port}, server N on {@code port + 1 + N}; by default free ports are picked. */
    public LocalClusterBuilder basePort(int port) {
        if (port < 1 || port > 65_000) {
            throw new IllegalArgumentException("base port must be in 1..65000, got " + port);
        }
        basePort = port;
        return this;
    }

    /** Directory for {@code <node>.log} files, created if missing; by default a new temporary directory. */
    public LocalClusterBuilder logDir(Path dir) {
        logDir = Objects.requireNonNull(dir);
        return this;
    }

    /**
     * Directory for the workers' training events ({@code <node>.jsonl}, see {@code TrainEventWriter}); by default
     * {@code events} inside the log directory.
     */
    public LocalClusterBuilder eventsDir(Path dir) {
        eventsDir = Objects.requireNonNull(dir);
        return this;
    }

    /** JVM options of every node, such as {@code -Xmx512m}. */
    public LocalClusterBuilder jvmOptions(List<String> options) {
        jvmOptions = List.copyOf(options);
        return this;
    }

    /** JVM options for the workers only, after {@link #jvmOptions}'s (e.g. {@code -XX:TieredStopAtLevel=1}). */
    public LocalClusterBuilder workerJvmOptions(List<String> options) {
        workerJvmOptions = List.copyOf(options);
        return this;
    }

    /** Extra arguments after the coordinator's standard flags. */
    public LocalClusterBuilder coordinatorArgs(List<String> args) {
        coordinatorArgs = List.copyOf(args);
        return this;
    }

    /** Extra arguments after each server's standard flags. */
    public LocalClusterBuilder serverArgs(List<String> args) {
        serverArgs = List.copyOf(args);
        return this;
    }

    /** Arguments after {@code worker --coordinator HOST:PORT} for the workers {@link LocalCluster#start} launches. */
    public LocalClusterBuilder workerArgs(List<String> args) {
        workerArgs = List.copyOf(args);
        return this;
    }

    /** Whether {@link LocalCluster#start} launches the workers (default true). */
    public LocalClusterBuilder launchWorkers(boolean launch) {
        launchWorkers = launch;
        return this;
    }

    /**
     * Each node's address and command prefix, for example a network namespace of its own (default
     * {@link NodePlacement#LOOPBACK}: all on 127.0.0.1, started directly).
     */
    public LocalClusterBuilder placement(NodePlacement where) {
        placement = Objects.requireNonNull(where);
        return this;
    }

    /** Where node output goes besides the log files (default: nowhere). */
    public LocalClusterBuilder output(NodeOutput sink) {
        output = Objects.requireNonNull(sink);
        return this;
    }

    /** How long the coordinator, and then the servers together, may take to listen (default 60 s). */
    public LocalClusterBuilder startupTimeout(Duration timeout) {
        startupTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** Time between SIGTERM and SIGKILL in {@link LocalCluster#close} (default 5 s). */
    LocalClusterBuilder stopGrace(Duration grace) {
        stopGrace = Objects.requireNonNull(grace);
        return this;
    }

    /** Lets tests run a stand-in for {@code dev.shoal.cli.Shoal} that takes the same arguments. */
    public LocalClusterBuilder mainClass(String className) {
        mainClass = Objects.requireNonNull(className);
        return this;
    }

    /** Creates the log directory; nothing runs until {@link LocalCluster#start}. */
    public LocalCluster build() {
        return new LocalCluster(this);
    }

    private static int atLeast(int min, int value, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
