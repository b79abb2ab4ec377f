package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#KEY_OUT_OF_RANGE}. An element range outside the table: a caller bug, not retriable.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (KeyOutOfRangeException e) {
 *     log.error("bad range: {}", e.getMessage());
 * }
 * }</pre>
 */
public class KeyOutOfRangeException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public KeyOutOfRangeException(String message) {
        super(ErrorCode.KEY_OUT_OF_RANGE, message);
    }

    public KeyOutOfRangeException(String message, Throwable cause) {
        super(ErrorCode.KEY_OUT_OF_RANGE, message, cause);
    }
}
