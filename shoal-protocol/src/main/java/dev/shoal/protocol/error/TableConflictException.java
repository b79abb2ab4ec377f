package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#TABLE_CONFLICT}. A table of that name exists with another spec: not retriable; pick another name or the same spec.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (TableConflictException e) {
 *     System.err.println(e.getMessage());        // says how the two specs differ
 * }
 * }</pre>
 */
public class TableConflictException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public TableConflictException(String message) {
        super(ErrorCode.TABLE_CONFLICT, message);
    }

    public TableConflictException(String message, Throwable cause) {
        super(ErrorCode.TABLE_CONFLICT, message, cause);
    }
}
