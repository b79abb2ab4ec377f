package dev.shoal.launch;

import java.util.function.Consumer;

/**
 * Receives every line a node process prints, as soon as it prints it.
 *
 * <pre>{@code
 * LocalCluster cluster = LocalCluster.builder()
 *         .output(NodeOutput.prefixed(System.out::println))   // "[server-0] 12:00:01.123 INFO ..."
 *         .build();
 * }</pre>
 *
 * <p>Each node has its own reader thread, so an implementation is called concurrently and must be thread-safe
 * ({@code PrintStream.println} and {@code PrintWriter.println} are).
 */
@FunctionalInterface
public interface NodeOutput {

    /** Called once per line of {@code node}'s combined stdout and stderr, without the line terminator. */
    void line(String node, String line);

    /** Ignores node output; it is still written to each node's log file. */
    static NodeOutput discard() {
        return (node, line) -> { };
    }

    /** Passes {@code [node] line} to {@code sink}. */
    static NodeOutput prefixed(Consumer<String> sink) {
        return (node, line) -> sink.accept(prefix(node, line));
    }

    /** The form {@link #prefixed} uses: {@code [server-0] text}. */
    static String prefix(String node, String line) {
        return "[" + node + "] " + line;
    }
}
