package dev.shoal.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * A node of a {@link LocalCluster} that exited with an error nobody asked for.
 *
 * <pre>{@code
 * cluster.failure().ifPresent(f -> System.err.println(f.describe()));
 * // worker-1 exited with code 3: pull timed out; last lines of runs/local-20260101-120000/worker-1.log:
 * //   | 12:00:05.001 ERROR [main] WorkerCommand - pull timed out
 * }</pre>
 *
 * @param node      the node's name, such as {@code server-0}
 * @param exitCode  its exit code, never 0
 * @param logFile   the file holding everything it printed
 * @param lastLines the last lines it printed, oldest first
 * @param error     the error line the node wrote to its status file, null if it wrote none
 */
public record NodeFailure(String node, int exitCode, Path logFile, List<String> lastLines, String error) {

    public NodeFailure {
        lastLines = List.copyOf(lastLines);
    }

    public NodeFailure(String node, int exitCode, Path logFile, List<String> lastLines) {
        this(node, exitCode, logFile, lastLines, null);
    }

    /** A multi-line report naming the node, its exit code, its log file and the end of its output. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(node).append(" exited with code ").append(exitCode);
        if (error != null) {
            text.append(": ").append(error);
        }
        if (lastLines.isEmpty()) {
            return text.append(" without printing anything; log: ").append(logFile).toString();
        }
        text.append("; last lines of ").append(logFile).append(':');
        for (String line : lastLines) {
            text.append(System.lineSeparator()).append("  | ").append(line);
        }
        return text.toString();
    }
}
