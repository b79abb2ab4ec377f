package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#UNREACHABLE}. A peer could not be connected to (or could not listen): retriable, the peer may be starting.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (UnreachableException e) {
 *     backoff.sleep(attempt++);
 * }
 * }</pre>
 */
public class UnreachableException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public UnreachableException(String message) {
        super(ErrorCode.UNREACHABLE, message);
    }

    public UnreachableException(String message, Throwable cause) {
        super(ErrorCode.UNREACHABLE, message, cause);
    }
}
