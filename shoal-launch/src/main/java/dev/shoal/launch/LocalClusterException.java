package dev.shoal.launch;

/**
 * A {@link LocalCluster} could not start, or its workers did not finish in time.
 *
 * <pre>{@code
 * try {
 *     cluster.start();
 * } catch (LocalClusterException e) {
 *     System.err.println(e.getMessage());   // names the node and its log file
 * }
 * }</pre>
 */
public final class LocalClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalClusterException(String message) {
        super(message);
    }

    public LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
