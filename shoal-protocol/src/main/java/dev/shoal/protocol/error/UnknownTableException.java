package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#UNKNOWN_TABLE}. The request names a table the peer does not hold: create or open it first.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (UnknownTableException e) {
 *     table = client.dense(spec);               // create it, then push again
 * }
 * }</pre>
 */
public class UnknownTableException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public UnknownTableException(String message) {
        super(ErrorCode.UNKNOWN_TABLE, message);
    }

    public UnknownTableException(String message, Throwable cause) {
        super(ErrorCode.UNKNOWN_TABLE, message, cause);
    }
}
