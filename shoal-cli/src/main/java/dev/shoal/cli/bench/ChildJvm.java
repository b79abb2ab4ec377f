package dev.shoal.cli.bench;

import dev.shoal.cli.local.JvmOptions;
import dev.shoal.cli.local.ParentWatch;
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
import java.util.function.Consumer;

/**
 * A {@code shoal bench ...} helper process (bench worker or TCP sink) started with this JVM's java and classpath,
 * its output copied to a log file and handed to a callback line by line.
 *
 * <pre>{@code
 * try (ChildJvm sink = ChildJvm.start("tcp-sink", List.of("bench", "tcp-sink"), List.of(), log, line -> { })) {
 *     String ready = sink.awaitLine(" listening on ", Duration.ofSeconds(30));
 * }   // SIGTERM, then SIGKILL after 5 s
 * }</pre>
 *
 * <p>{@code LocalCluster} only launches coordinator, server and worker nodes, so bench processes are launched
 * here the same way: same java, classpath and JDK 24+ flags, and {@link ParentWatch#ENV} so that they exit if
 * the bench is killed before it can stop them.
 */
final class ChildJvm implements AutoCloseable {
    private static final String SHOAL_MAIN = "dev.shoal.cli.Shoal";
    private static final int TAIL_LINES = 20;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Consumer<String> onLine;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<Marker> markers = new ArrayList<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    private record Marker(String text, CompletableFuture<String> seen) {
    }

    private ChildJvm(String name, Process process, Path logFile, Consumer<String> onLine) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.onLine = onLine;
    }

    /** Runs {@code dev.shoal.cli.Shoal args...}; {@code onLine} sees each line of its stdout and stderr. */
    static ChildJvm start(String name, List<String> args, List<String> jvmOptions, Path logFile,
                          Consumer<String> onLine) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.platform());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SHOAL_MAIN));
        command.addAll(args);
        BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put(ParentWatch.ENV, Long.toString(ProcessHandle.current().pid()));
        Process p;
        try {
            p = b.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            log.close();
            throw e;
        }
        ChildJvm child = new ChildJvm(name, p, logFile, onLine);
        Thread pump = new Thread(() -> child.pump(log), "bench-" + name);
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /** Completes with the exit code after the last line has been copied. */
    CompletableFuture<Integer> exited() {
        return exited;
    }

    /** The first line containing {@code text}; fails naming the log if the process exits or time runs out. */
    String awaitLine(String text, Duration timeout) {
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
    String describeExit() {
        StringBuilder b = new StringBuilder(name).append(" exited with code ")
                .append(exited.getNow(null)).append("; last lines of ").append(logFile).append(':');
        synchronized (tail) {
            tail.forEach(l -> b.append(System.lineSeparator()).append("  | ").append(l));
        }
        return b.toString();
    }

    private void pump(BufferedWriter log) {
        try (log; BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.write(line);
                log.newLine();
                log.flush();
                remember(line);
                onLine.accept(line);
            }
        } catch (IOException e) {
            // The pipe broke because the process died; its exit code, recorded below, says why.
        } finally {
            exited.complete(process.onExit().join().exitValue());
        }
    }

    private void remember(String line) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
            markers.removeIf(m -> line.contains(m.text()) && m.seen().complete(line));
        }
    }

    /** SIGTERM, then SIGKILL if it is still alive after a grace period. */
    @Override
    public void close() {
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
}
