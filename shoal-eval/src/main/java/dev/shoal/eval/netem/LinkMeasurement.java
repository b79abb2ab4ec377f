package dev.shoal.eval.netem;

import dev.shoal.launch.JvmOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams TCP from one emulated node to another with two {@link LinkProbe} processes, each started inside its
 * node's namespace.
 *
 * <pre>{@code
 * Transfer t = LinkMeasurement.run(net.commandPrefix(1), net.address(1), net.commandPrefix(0),
 *         Duration.ofSeconds(2));
 * }</pre>
 */
final class LinkMeasurement {
    /** The probes only move bytes through the kernel; small, quickly started JVMs do. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private LinkMeasurement() {
    }

    static Transfer run(List<String> sinkPrefix, String sinkHost, List<String> senderPrefix, Duration duration) {
        Process sink = start(sinkPrefix, "sink", sinkHost);
        try {
            String hostPort = awaitLine(sink, LinkProbe.LISTENING, STARTUP).substring(LinkProbe.LISTENING.length());
            Process sender = start(senderPrefix, "send", hostPort.strip(), Long.toString(duration.toMillis()));
            try {
                // e.g. "link-probe sent 18350080 bytes in 1503112345 ns"
                String[] words = awaitLine(sender, LinkProbe.SENT, STARTUP.plus(duration.multipliedBy(2))).split(" ");
                return new Transfer(Long.parseLong(words[2]), Duration.ofNanos(Long.parseLong(words[5])));
            } finally {
                sender.destroyForcibly();
            }
        } finally {
            sink.destroyForcibly();
        }
    }

    private static Process start(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(JvmOptions.shoalCommand(LinkProbe.class.getName(), JVM_OPTIONS, List.of(args)));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new NetworkEmulationException("could not start the link probe '" + String.join(" ", command)
                    + "': " + e.getMessage(), e);
        }
    }

    /** The first line of the process's output that starts with {@code marker}; the whole output if none. */
    private static String awaitLine(Process p, String marker, Duration timeout) {
        CompletableFuture<String> line = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread.ofVirtual().name("link-probe-output").start(() -> scan(p, marker, seen, line));
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new NetworkEmulationException("the link probe did not print '" + marker.strip() + "' within "
                    + timeout.toSeconds() + " s; its output: " + snapshot(seen));
        } catch (ExecutionException e) {
            throw new NetworkEmulationException("the link probe ended without printing '" + marker.strip()
                    + "'; its output: " + snapshot(seen));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkEmulationException("interrupted while measuring a link", e);
        }
    }

    private static void scan(Process p, String marker, StringBuilder seen, CompletableFuture<String> line) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (l.startsWith(marker)) {
                    line.complete(l);
                }
                synchronized (seen) {
                    seen.append(l).append('\n');
                }
            }
        } catch (IOException e) {
            // The process was killed; what it printed so far is in 'seen'.
        }
        line.completeExceptionally(new IOException("end of output"));
    }

    private static String snapshot(StringBuilder seen) {
        synchronized (seen) {
            return seen.isEmpty() ? "(none)" : seen.toString().strip();
        }
    }
}
