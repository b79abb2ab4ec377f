package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#NOT_OWNER}. The server no longer owns the slice or partition asked for: retriable once the new cluster view arrived.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (NotOwnerException e) {
 *     table.push(grad);                           // routed by the newer view
 * }
 * }</pre>
 */
public class NotOwnerException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public NotOwnerException(String message) {
        super(ErrorCode.NOT_OWNER, message);
    }

    public NotOwnerException(String message, Throwable cause) {
        super(ErrorCode.NOT_OWNER, message, cause);
    }
}
