package dev.shoal.launch;

import dev.shoal.ml.model.BlasEnvironment;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Shoal process started on this machine (a node of a {@link LocalCluster}, a benchmark worker): a child
 * process whose combined stdout and stderr a daemon thread copies, line by line, to its log file and to a
 * {@link NodeOutput}.
 *
 * <pre>{@code
 * NodeProcess node = NodeProcess.launch("server-0", command, dir.resolve("server-0.log"), " listening on ",
 *         NodeOutput.discard(), (n, code) -> { });
 * node.ready().join();            // it printed " listening on "
 * int code = node.exited().join(); // completes after its last line has been copied
 * }</pre>
 */
public final class NodeProcess implements AutoCloseable {
    private static final int TAIL_LINES = 40;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** Told about an exit before {@link #exited()} completes, so waiters already see its consequences. */
    @FunctionalInterface
    public interface ExitListener {
        void exited(NodeProcess node, int code);
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final String readyMarker;
    private final NodeOutput output;
    private final ExitListener listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Texts someone waits to see in a line ({@link #awaitLine}), guarded by {@link #tail}. */
    private final List<Marker> markers = new ArrayList<>();
    private volatile boolean exitExpected;

    private record Marker(String text, CompletableFuture<String> seen) {
    }

    private NodeProcess(String name, Process process, Path logFile, String readyMarker, NodeOutput output,
                        ExitListener listener) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.readyMarker = readyMarker;
        this.output = output;
        this.listener = listener;
    }

    /**
     * Starts {@code command}, truncating {@code logFile}.
     *
     * @param readyMarker text whose appearance in a line completes {@link #ready()}; null if never needed
     */
    public static NodeProcess launch(String name, List<String> command, Path logFile, String readyMarker,
                                     NodeOutput output, ExitListener listener) throws IOException {
        BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(ParentWatch.ENV, Long.toString(ProcessHandle.current().pid()));
            BlasEnvironment.addTo(builder.environment());
            Process process = builder.start();
            // Nodes never read stdin; closing it means none can block waiting for input.
            process.getOutputStream().close();
            log.write("# " + name + " (pid " + process.pid() + "): " + String.join(" ", command));
            log.newLine();
            log.flush();
            NodeProcess node = new NodeProcess(name, process, logFile, readyMarker, output, listener);
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

    /** Completes when the node prints its ready marker. */
    CompletableFuture<Void> ready() {
        return ready;
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
        return new NodeFailure(name, code, logFile, lastLines());
    }

    /**
     * The first line (among the last few, or to come) containing {@code text}; fails naming the log if the process
     * exits first or time runs out.
     */
    public String awaitLine(String text, Duration timeout) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        synchronized (tail) {
            for (String line : tail) {
                if (line.contains(text)) {
                    return line;
                }
            }
            markers.add(new Marker(text, seen));
        }
        exited.thenRun(() -> seen.completeExceptionally(new IllegalStateException(describeExit())));
        try {
            return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not print '" + text.strip() + "' within " + timeout
                    + "; log: " + logFile, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
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
            markers.removeIf(m -> line.contains(m.text()) && m.seen().complete(line));
        }
        output.line(name, line);
        if (readyMarker != null && line.contains(readyMarker)) {
            ready.complete(null);
        }
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
