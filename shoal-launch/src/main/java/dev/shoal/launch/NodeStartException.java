package dev.shoal.launch;

/**
 * A node process did not get ready: it reported {@code failed}, exited, or stayed silent past its time.
 *
 * <pre>{@code
 * try {
 *     node.awaitReady(Duration.ofSeconds(30));
 * } catch (NodeStartException e) {
 *     System.err.println(e.getMessage());   // "tcp-sink failed: port 7200 is in use; log: runs/x/tcp-sink.log"
 * }
 * }</pre>
 */
public final class NodeStartException extends RuntimeException {
    public NodeStartException(String message) {
        super(message);
    }
}
