package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#RESOURCE_EXHAUSTED}. A server has not the memory for its share of a table: not retriable without more servers or memory.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (ResourceExhaustedException e) {
 *     System.err.println(e.getMessage());        // names the server and the bytes missing
 * }
 * }</pre>
 */
public class ResourceExhaustedException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public ResourceExhaustedException(String message) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message);
    }

    public ResourceExhaustedException(String message, Throwable cause) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message, cause);
    }
}
