package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#TIMEOUT}: no answer came before the request's deadline. The message names the peer, the kind
 * of request and the deadline. Retriable only when the request is {@linkplain MessageType#idempotent idempotent}
 * (pulls, pushes, clocks, table calls, heartbeats): a request that timed out may still have been applied, so only
 * a request the peer can get twice harmlessly may be sent again.
 *
 * <pre>{@code
 * try {
 *     table.pull(values);
 * } catch (RequestTimeoutException e) {
 *     if (e.retriable()) table.pull(values); else throw e;
 * }
 * }</pre>
 */
public class RequestTimeoutException extends ShoalException {
    private static final long serialVersionUID = 1L;
    /** The kind of request that timed out; null when a peer reported TIMEOUT for a request it did not name. */
    private final MessageType type;

    public RequestTimeoutException(MessageType type, String message) {
        this(type, message, null);
    }

    public RequestTimeoutException(MessageType type, String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
        this.type = type;
    }

    /** The kind of request that timed out, or null when unknown. */
    public MessageType type() {
        return type;
    }

    /** True when the request is idempotent; an unknown request is not retried blindly. */
    @Override
    public boolean retriable() {
        return type != null && type.idempotent;
    }
}
