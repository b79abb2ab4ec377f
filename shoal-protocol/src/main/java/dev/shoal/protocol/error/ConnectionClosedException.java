package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#CONNECTION_CLOSED}. The connection dropped before the answer came: retriable on a new connection.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (ConnectionClosedException e) {
 *     reconnect();
 * }
 * }</pre>
 */
public class ConnectionClosedException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String message) {
        super(ErrorCode.CONNECTION_CLOSED, message);
    }

    public ConnectionClosedException(String message, Throwable cause) {
        super(ErrorCode.CONNECTION_CLOSED, message, cause);
    }
}
