package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#INTERNAL}. A peer failed in a way it did not expect (a bug there): not retriable; its log says more.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (InternalErrorException e) {
 *     log.error("server bug, see its log: {}", e.getMessage());
 * }
 * }</pre>
 */
public class InternalErrorException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public InternalErrorException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    public InternalErrorException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
