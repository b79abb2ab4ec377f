package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#TOO_MANY_KEYS}. A sparse frame carried more keys than a server accepts: not retriable as is (the client splits frames).
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (TooManyKeysException e) {
 *     log.error("frame limit: {}", e.getMessage());
 * }
 * }</pre>
 */
public class TooManyKeysException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public TooManyKeysException(String message) {
        super(ErrorCode.TOO_MANY_KEYS, message);
    }

    public TooManyKeysException(String message, Throwable cause) {
        super(ErrorCode.TOO_MANY_KEYS, message, cause);
    }
}
