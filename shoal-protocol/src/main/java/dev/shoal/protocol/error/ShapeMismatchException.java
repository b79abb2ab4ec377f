package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#SHAPE_MISMATCH}. The values do not fit the table (length, dimension, kind): a caller bug, not retriable.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (ShapeMismatchException e) {
 *     throw new IllegalStateException("model and table disagree: " + e.getMessage(), e);
 * }
 * }</pre>
 */
public class ShapeMismatchException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(ErrorCode.SHAPE_MISMATCH, message);
    }

    public ShapeMismatchException(String message, Throwable cause) {
        super(ErrorCode.SHAPE_MISMATCH, message, cause);
    }
}
