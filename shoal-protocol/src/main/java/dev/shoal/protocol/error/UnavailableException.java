package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#UNAVAILABLE}. The peer is shutting down or cannot serve now: retriable, perhaps elsewhere.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (UnavailableException e) {
 *     backoff.sleep(attempt++);
 * }
 * }</pre>
 */
public class UnavailableException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }
}
