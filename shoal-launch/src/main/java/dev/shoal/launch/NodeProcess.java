package dev.shoal.launch;

import dev.shoal.ml.model.BlasEnvironment;
import dev.shoal.transport.status.NodeStatus;
import dev.shoal.transport.status.NodeStatusFile;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Shoal process started on this machine (a node of a {@link LocalCluster}, a benchmark worker): a child
 * process whose combined stdout and stderr a daemon thread copies, line by line, to its log file and to a
 * {@link NodeOutput}, and which reports its state in a status file beside the log.
 *
 * <pre>{@code
 * NodeProcess node = NodeProcess.launch("server-0", command, dir.resolve("server-0.log"), NodeOutput.discard(),
 *         (n, code) -> { });
 * NodeStatus ready = node.awaitReady(Duration.ofSeconds(30));   // its status file says "ready"
 * int port = ready.port();
 * int code = node.exited().join();  // completes after its last line has been copied
 * }</pre>
 *
 * <p>The status file ({@code <log dir>/<name>.status.json}, see {@link NodeStatusFile}) reaches the node through
 * the {@value NodeStatusFile#ENV} environment variable, which every Shoal node command reads as the default of its
 * {@code --status-file} option. Programs read state from it, never from the log, which stays for people.
 */
public final class NodeProcess implements AutoCloseable {
    private static final int TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** How often {@link #awaitReady} looks at the status file; an exit ends the wait at once. */
    private static final long STATUS_POLL_MILLIS = 20;

    /** Told about an exit before {@link #exited()} completes, so waiters already see its consequences. */
    @FunctionalInterface
    public interface ExitListener {
        void exited(NodeProcess node, int code);
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path statusFile;
    private final NodeOutput output;
    private final ExitListener listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile boolean exitExpected;

    private NodeProcess(String name, Process process, Path logFile, Path statusFile, NodeOutput output,
                        ExitListener listener) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.statusFile = statusFile;
        this.output = output;
        this.listener = listener;
    }

    /** Starts {@code command}, truncating {@code logFile} and removing a status file left by an earlier run. */
    public static NodeProcess launch(String name, List<String> command, Path logFile, NodeOutput output,
                                     ExitListener listener) throws IOException {
        return launch(name, command, logFile, output, listener, Map.of());
    }

    /** As {@link #launch(String, List, Path, NodeOutput, ExitListener)}, with more environment variables. */
    public static NodeProcess launch(String name, List<String> command, Path logFile, NodeOutput output,
                                     ExitListener listener, Map<String, String> environment) throws IOException {
        Path statusFile = logFile.resolveSibling(name + ".status.json");
        Files.deleteIfExists(statusFile);
        BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(ParentWatch.ENV, Long.toString(ProcessHandle.current().pid()));
            builder.environment().put(NodeStatusFile.ENV, statusFile.toAbsolutePath().toString());
            builder.environment().putAll(environment);
            BlasEnvironment.addTo(builder.environment());
            Process process = builder.start();
            // Nodes never read stdin; closing it means none can block waiting for input.
            process.getOutputStream().close();
            log.write("# " + name + " (pid " + process.pid() + "): " + String.join(" ", command));
            log.newLine();
            log.flush();
            NodeProcess node = new NodeProcess(name, process, logFile, statusFile, output, listener);
            Thread pump = new Thread(() -> node.pump(log), "shoal-local-" + name);
            pump.setDaemon(true);
            pump.start();
            return node;
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    /** Where the node reports its state. */
    public Path statusFile() {
        return statusFile;
    }

    /** What the node last reported, empty before its first report (or if it is no Shoal node). */
    public Optional<NodeStatus> status() {
        return NodeStatusFile.read(statusFile);
    }

    /** Sends the process a signal ({@code STOP}, {@code CONT}, ...) with kill(1). */
    public void signal(String signal) {
        long pid = process.pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new LocalClusterException("kill -" + signal + " " + pid + " (" + name + ") failed: "
                        + out.strip());
            }
        } catch (java.io.IOException e) {
            throw new LocalClusterException("cannot run kill -" + signal + " for " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while sending SIG" + signal + " to " + name);
        }
    }

    /** Completes with the exit code once the process is gone and all its output is in the log. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /** Marks the coming exit as deliberate, so it is not reported as a failure. */
    void expectExit() {
        exitExpected = true;
    }

    boolean exitExpected() {
        return exitExpected;
    }

    List<String> lastLines() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    NodeFailure failure(int code) {
        return new NodeFailure(name, code, logFile, lastLines(), reportedError().orElse(null));
    }

    /**
     * Waits until the node's status file says {@code ready} (or {@code done}: a node that finished before anyone
     * looked) and returns that status.
     *
     * @throws NodeStartException with the node's own error line if it reports {@code failed}, with the end of its
     *                            log if it exits first, or naming its log if time runs out (the one message
     *                            that does not start with the node's name)
     */
    public NodeStatus awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<NodeStatus> s = status();
            if (s.isPresent() && s.get().state() == NodeStatus.State.FAILED) {
                throw new NodeStartException(name + " failed: " + s.get().error() + "; log: " + logFile);
            }
            if (s.isPresent() && s.get().state() != NodeStatus.State.STARTING) {
                return s.get();
            }
            if (exited.isDone()) {
                // It may have written its last status just before exiting.
                Optional<NodeStatus> last = status();
                if (last.isPresent() && last.get().state() != NodeStatus.State.STARTING) {
                    continue;
                }
                throw new NodeStartException(describeExit());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NodeStartException(String.format(Locale.ROOT, "no ready status within %.0f s; see %s",
                        timeout.toMillis() / 1000.0, logFile));
            }
            waitForExit(Math.min(TimeUnit.MILLISECONDS.toNanos(STATUS_POLL_MILLIS), left));
        }
    }

    /** The error line the node reported, if its status says it failed. */
    Optional<String> reportedError() {
        try {
            return status().filter(s -> s.state() == NodeStatus.State.FAILED).map(NodeStatus::error);
        } catch (IllegalArgumentException | UncheckedIOException unreadable) {
            return Optional.empty();
        }
    }

    /** Sleeps at most {@code nanos}, waking early when the process exits. */
    private void waitForExit(long nanos) {
        try {
            exited.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the normal case: look at the status file again
        } catch (ExecutionException e) {
            throw new IllegalStateException("exit futures never complete exceptionally", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeStartException("interrupted while waiting for " + name);
        }
    }

    /** Which process exited with what code, and the end of its output. */
    public String describeExit() {
        StringBuilder b = new StringBuilder(name).append(" exited with code ")
                .append(exited.getNow(null)).append("; last lines of ").append(logFile).append(':');
        for (String l : lastLines()) {
            b.append(System.lineSeparator()).append("  | ").append(l);
        }
        return b.toString();
    }

    /** SIGTERM, then SIGKILL if it is still alive after a grace period. */
    @Override
    public void close() {
        expectExit();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void pump(BufferedWriter log) {
        try (log; BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                copy(line, log);
            }
        } catch (IOException e) {
            // The pipe or log broke; the exit code, recorded below, is what callers act on.
        } finally {
            finish();
        }
    }

    private void copy(String line, BufferedWriter log) throws IOException {
        log.write(line);
        log.newLine();
        // Flushing every line keeps the log complete for `tail -f` and for failure reports.
        log.flush();
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        output.line(name, line);
    }

    private void finish() {
        int code = process.onExit().join().exitValue();
        try {
            listener.exited(this, code);
        } finally {
            exited.complete(code);
        }
    }
}
