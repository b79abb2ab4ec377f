package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#CLUSTER_NOT_READY}. The cluster is not complete yet, or has no slot for this node: retriable later.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (ClusterNotReadyException e) {
 *     backoff.sleep(attempt++);
 * }
 * }</pre>
 */
public class ClusterNotReadyException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public ClusterNotReadyException(String message) {
        super(ErrorCode.CLUSTER_NOT_READY, message);
    }

    public ClusterNotReadyException(String message, Throwable cause) {
        super(ErrorCode.CLUSTER_NOT_READY, message, cause);
    }
}
