package dev.shoal.launch;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.shoal.ml.worker.TrainEventWriter;
import dev.shoal.transport.status.NodeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Shoal cluster on this machine: one coordinator, servers and workers, each a separate JVM on loopback
 * (or where a {@link NodePlacement} puts it) running {@code dev.shoal.cli.Shoal} with this JVM's java executable
 * and classpath.
 *
 * <pre>{@code
 * try (LocalCluster c = LocalCluster.builder().servers(2).workers(2).consistency("ssp:3")
 *         .logDir(Path.of("runs/test")).jvmOptions(List.of("-Xmx512m"))
 *         .workerArgs(List.of("--clocks", "50")).build()) {
 *     c.start();                                   // coordinator, then servers, then workers
 *     int code = c.awaitWorkers(Duration.ofMinutes(5));
 *     c.failure().ifPresent(f -> System.err.println(f.describe()));
 * }                                                // SIGTERM everything, SIGKILL after 5 s
 * }</pre>
 *
 * <p>Nodes are named {@code coordinator}, {@code server-N} and {@code worker-N}; each writes to
 * {@code <logDir>/<name>.log} and reports its state in {@code <logDir>/<name>.status.json} ({@link NodeProcess}):
 * the cluster waits for each server's {@code ready} there and reads the coordinator's address and the servers'
 * metrics URLs from it, never from their logs. Workers write their training events to
 * {@code <eventsDir>/<name>.jsonl}. A node exiting with a non-zero code, other than through {@link #kill} or
 * {@link #close}, is a {@linkplain #failure() failure}: {@link #awaitWorkers} returns at once with its code.
 * {@code launchWorkers(false)} starts only the coordinator and servers, for callers that start their own
 * workers with {@link #startWorkers}. A JVM shutdown hook closes the cluster on Ctrl-C, and each node exits
 * by itself if this process dies without running it ({@link ParentWatch}).
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    private final int servers;
    private final int workers;
    private final String consistency;
    private final Duration heartbeatTimeout;
    private final int basePort;
    private final Path logDir;
    private final Path eventsDir;
    private final List<String> jvmOptions;
    private final List<String> workerJvmOptions;
    private final List<String> coordinatorArgs;
    private final List<String> serverArgs;
    private final List<String> workerArgs;
    private final boolean launchWorkers;
    private final NodeOutput output;
    private final Duration startupTimeout;
    private final Duration stopGrace;
    private final String mainClass;
    private final NodePlacement placement;
    /** host:port of a coordinator this cluster did not start, or null. */
    private final String externalCoordinator;

    private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
    private final List<NodeProcess> workerNodes = new CopyOnWriteArrayList<>();
    private final AtomicReference<NodeFailure> failure = new AtomicReference<>();
    private final CompletableFuture<NodeFailure> failed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "shoal-local-shutdown");
    private volatile boolean closed;
    private boolean started;
    private int coordinatorPort;
    private int serverCount;
    private int workerCount;

    LocalCluster(LocalClusterBuilder b) {
        servers = b.servers;
        workers = b.workers;
        consistency = b.consistency;
        heartbeatTimeout = b.heartbeatTimeout;
        basePort = b.basePort;
        jvmOptions = b.jvmOptions;
        workerJvmOptions = b.workerJvmOptions;
        coordinatorArgs = b.coordinatorArgs;
        serverArgs = b.serverArgs;
        workerArgs = b.workerArgs;
        launchWorkers = b.launchWorkers;
        output = b.output;
        startupTimeout = b.startupTimeout;
        stopGrace = b.stopGrace;
        mainClass = b.mainClass;
        placement = b.placement;
        externalCoordinator = b.externalCoordinator;
        logDir = LaunchDirs.create(b.logDir);
        eventsDir = LaunchDirs.emptyOfEvents(b.eventsDir != null ? b.eventsDir : logDir.resolve("events"));
    }

    public static LocalClusterBuilder builder() {
        return new LocalClusterBuilder();
    }

    /**
     * Starts the coordinator and waits until it listens, then the servers and waits until they listen, then
     * (unless {@code launchWorkers(false)}) the workers. On any error it closes what it started and throws a
     * {@link LocalClusterException} naming the node and its log file.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("cluster already started");
        }
        started = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            if (externalCoordinator != null) {
                startWorkers(workers, workerArgs);
                return;
            }
            coordinatorPort = basePort > 0 ? basePort : Ports.free(1)[0];
            NodeProcess coordinatorNode = launch("coordinator", List.of(), coordinatorCommand(), Map.of());
            NodeStatus coordinator = awaitReady(List.of(coordinatorNode)).get(0);
            // What the coordinator says it bound, not what it was asked for.
            coordinatorPort = coordinator.port();
            // Picked only now that the coordinator holds its port, so it cannot be handed out again.
            int[] ports = basePort > 0 ? null : Ports.free(servers);
            List<NodeProcess> launched = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                launched.add(launchServer(ports == null ? basePort + 1 + i : ports[i]));
            }
            awaitReady(launched);
            if (launchWorkers) {
                startWorkers(workers, workerArgs);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code count} more workers, {@code worker --coordinator HOST:PORT args...}; returns their names. */
    public synchronized List<String> startWorkers(int count, List<String> args) {
        requireRunning();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of("worker", "--coordinator", coordinatorAddress()));
            command.addAll(args);
            String name = "worker-" + workerCount++;
            NodeProcess worker = launch(name, workerJvmOptions, command,
                    Map.of(TrainEventWriter.ENV, eventsDir.resolve(name + ".jsonl").toString()));
            workerNodes.add(worker);
            names.add(worker.name());
        }
        return names;
    }

    /** Starts one more server, for example to replace a killed one, waits until it listens; returns its name. */
    public synchronized String startServer() {
        requireRunning();
        int port = basePort > 0 ? basePort + 1 + serverCount : Ports.free(1)[0];
        NodeProcess server = launchServer(port);
        awaitReady(List.of(server));
        return server.name();
    }

    /**
     * Waits until every worker started so far has exited, or any node fails.
     *
     * @return the failed node's exit code, else the first non-zero worker exit code, else 0
     * @throws LocalClusterException if workers are still running after {@code timeout}
     */
    public int awaitWorkers(Duration timeout) {
        List<NodeProcess> snapshot = List.copyOf(workerNodes);
        CompletableFuture<?> all = CompletableFuture.allOf(
                snapshot.stream().map(NodeProcess::exited).toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(all, failed).get(nanos(timeout), NANOSECONDS);
        } catch (TimeoutException e) {
            List<String> running = snapshot.stream().filter(w -> !w.exited().isDone()).map(NodeProcess::name).toList();
            throw new LocalClusterException("workers did not finish within " + timeout + ": still running "
                    + running + "; logs in " + logDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while waiting for workers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("exit futures never complete exceptionally", e);
        }
        return failure().map(NodeFailure::exitCode).orElseGet(() -> snapshot.stream()
                .filter(w -> !w.exitExpected())
                .mapToInt(w -> w.exited().join())
                .filter(code -> code != 0)
                .findFirst().orElse(0));
    }

    /** Kills a node with SIGKILL and waits until it is gone; its exit is not a {@linkplain #failure() failure}. */
    public void kill(String name) {
        NodeProcess node = node(name);
        node.expectExit();
        node.process().destroyForcibly();
        if (!awaitExit(node, EXIT_WAIT)) {
            throw new LocalClusterException(name + " (pid " + node.process().pid() + ") survived SIGKILL for "
                    + EXIT_WAIT);
        }
    }

    /**
     * Stops a node with SIGSTOP, as a hung machine or a long pause would: it neither answers nor closes its
     * connections. Its later exit is not a {@linkplain #failure() failure} (a server paused past the heartbeat
     * timeout is declared dead and stops once resumed).
     */
    public void pause(String name) {
        NodeProcess node = node(name);
        node.expectExit();
        node.signal("STOP");
    }

    /** Resumes a node {@linkplain #pause paused} with SIGCONT. */
    public void resume(String name) {
        node(name).signal("CONT");
    }

    /** The first node that exited with an error, other than through {@link #kill} or {@link #close}. */
    public Optional<NodeFailure> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The coordinator's {@code host:port}; its port is 0 until {@link #start} picks it. */
    public String coordinatorAddress() {
        return externalCoordinator != null ? externalCoordinator
                : placement.host("coordinator") + ":" + coordinatorPort;
    }

    /** A node's process, for its pid or to end it in ways {@link #kill} does not cover. */
    public Process process(String name) {
        return node(name).process();
    }

    public Path logFile(String name) {
        return node(name).logFile();
    }

    public Path logDir() {
        return logDir;
    }

    /** Where the workers write their training events, one {@code <name>.jsonl} each. */
    public Path eventsDir() {
        return eventsDir;
    }

    /** What node {@code name} last reported in its status file; empty before its first report. */
    public Optional<NodeStatus> status(String name) {
        return node(name).status();
    }

    /** Every server that reported a metrics URL, by node name ({@code server-0} to its URL). */
    public Map<String, String> metricsUrls() {
        Map<String, String> urls = new TreeMap<>();
        for (NodeProcess n : nodes) {
            if (n.name().startsWith("server-")) {
                n.status().map(NodeStatus::metricsUrl).ifPresent(url -> urls.put(n.name(), url));
            }
        }
        return urls;
    }

    /** Names of all nodes started so far, in start order. */
    public List<String> nodeNames() {
        return nodes.stream().map(NodeProcess::name).toList();
    }

    /** Stops every node: SIGTERM, then SIGKILL for those still alive after the grace period. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        List<NodeProcess> all = new ArrayList<>(nodes);
        // Workers first, so they do not log errors about servers that vanished under them.
        Collections.reverse(all);
        all.forEach(n -> n.process().destroy());
        long deadline = System.nanoTime() + stopGrace.toNanos();
        for (NodeProcess node : all) {
            if (!awaitExit(node, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                LOG.warn("{} ignored SIGTERM for {}; killing it", node.name(), stopGrace);
                node.process().destroyForcibly();
            }
        }
        for (NodeProcess node : all) {
            if (!awaitExit(node, EXIT_WAIT)) {
                LOG.error("{} (pid {}) is still running after SIGKILL", node.name(), node.process().pid());
            }
        }
        removeShutdownHook();
    }

    private NodeProcess launchServer(int port) {
        String name = "server-" + serverCount++;
        List<String> command = new ArrayList<>(List.of("server", "--coordinator", coordinatorAddress(),
                "--host", placement.host(name), "--port", Integer.toString(port)));
        command.addAll(serverArgs);
        return launch(name, List.of(), command, Map.of());
    }

    private List<String> coordinatorCommand() {
        List<String> command = new ArrayList<>(List.of("coordinator", "--host", placement.host("coordinator"),
                "--port", Integer.toString(coordinatorPort), "--servers", Integer.toString(servers),
                "--workers", Integer.toString(workers), "--consistency", consistency));
        if (heartbeatTimeout != null) {
            command.addAll(List.of("--heartbeat-timeout-ms", Long.toString(heartbeatTimeout.toMillis())));
        }
        command.addAll(coordinatorArgs);
        return command;
    }

    private NodeProcess launch(String name, List<String> extraJvmOptions, List<String> args,
            Map<String, String> environment) {
        if (closed) {
            throw new LocalClusterException("cluster is closed; not starting " + name);
        }
        NodeProcess node;
        try {
            node = NodeProcess.launch(name, javaCommand(name, extraJvmOptions, args), logDir.resolve(name + ".log"),
                    output, this::nodeExited, environment);
        } catch (IOException e) {
            throw new LocalClusterException("could not start " + name + ": " + e.getMessage(), e);
        }
        nodes.add(node);
        if (closed) {
            // close() ran while this node was starting and could not have seen it.
            node.process().destroyForcibly();
        }
        LOG.info("started {} (pid {}), log {}", name, node.process().pid(), node.logFile());
        return node;
    }

    private List<String> javaCommand(String name, List<String> extraJvmOptions, List<String> args) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(extraJvmOptions);
        List<String> command = new ArrayList<>(placement.commandPrefix(name));
        command.addAll(JvmOptions.shoalCommand(mainClass, options, args));
        return command;
    }

    private void nodeExited(NodeProcess node, int code) {
        if (code == 0 || closed || node.exitExpected()) {
            return;
        }
        NodeFailure f = node.failure(code);
        if (failure.compareAndSet(null, f)) {
            LOG.warn("{} exited with code {}; log {}", node.name(), code, node.logFile());
            failed.complete(f);
        }
    }

    /** Waits until every node of {@code group} reports ready; returns their statuses in order. */
    private List<NodeStatus> awaitReady(List<NodeProcess> group) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        List<NodeStatus> ready = new ArrayList<>();
        for (NodeProcess node : group) {
            try {
                ready.add(node.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            } catch (NodeStartException e) {
                throw new LocalClusterException(node.name() + " did not start: " + e.getMessage());
            }
        }
        return ready;
    }

    private static boolean awaitExit(NodeProcess node, Duration timeout) {
        try {
            node.exited().get(nanos(timeout), NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return node.exited().isDone();
        } catch (ExecutionException e) {
            throw new IllegalStateException("exit futures never complete exceptionally", e);
        }
    }

    private NodeProcess node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no node named '" + name + "'; nodes: " + nodeNames()));
    }

    private synchronized void requireRunning() {
        if (!started || closed) {
            throw new IllegalStateException(closed ? "cluster is closed" : "call start() first");
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() is running inside the hook itself; the JVM discards hooks on exit anyway.
        }
    }

    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : Math.max(0, d.toNanos());
    }
}
