package dev.shoal.bench.launch;

import dev.shoal.bench.tcp.ReferenceResult;
import dev.shoal.bench.tcp.TcpReference;
import dev.shoal.launch.JvmOptions;
import dev.shoal.launch.NodeOutput;
import dev.shoal.launch.NodeProcess;
import dev.shoal.launch.NodeStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures the plain-TCP reference against a {@code bench tcp-sink} process on loopback.
 *
 * <pre>{@code
 * ReferenceResult ref = ReferenceRunner.measure(logDir, List.of(), 4 << 20, 5, Duration.ofSeconds(1));
 * }</pre>
 */
public final class ReferenceRunner {
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** Per run and variant on top of its own length: connection setup and the final drain of a large chunk. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private ReferenceRunner() {
    }

    public static ReferenceResult measure(Path logDir, List<String> jvmOptions, int chunkBytes, int runs, Duration perRun)
            throws IOException {
        List<String> command = JvmOptions.shoalCommand(JvmOptions.SHOAL_MAIN, jvmOptions,
                List.of("bench", "tcp-sink", "--host", HOST, "--port", "0"));
        try (NodeProcess sink = NodeProcess.launch("tcp-sink", command, logDir.resolve("tcp-sink.log"),
                NodeOutput.discard(), (node, code) -> { })) {
            int port;
            try {
                port = sink.awaitReady(STARTUP).port();   // from its status file, not its log
            } catch (NodeStartException e) {
                throw new IOException("tcp-sink did not start: " + e.getMessage(), e);
            }
            CompletableFuture<ReferenceResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return TcpReference.measure(HOST, port, chunkBytes, runs, perRun);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return await(result, perRun.plus(SLACK).multipliedBy(2L * (runs + 1)), sink);
        }
    }

    /** Blocking socket calls have no timeout, so on overrun the sink is stopped, which makes them fail. */
    private static ReferenceResult await(CompletableFuture<ReferenceResult> result, Duration timeout, NodeProcess sink)
            throws IOException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sink.close();
            throw new IOException("the TCP reference did not finish within " + timeout + "; log: " + sink.logFile(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("the TCP reference failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the TCP reference", e);
        }
    }
}
