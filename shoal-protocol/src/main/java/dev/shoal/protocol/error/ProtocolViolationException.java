package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * The byte stream broke the protocol: {@link ErrorCode#MALFORMED_FRAME}, {@link ErrorCode#UNSUPPORTED_VERSION},
 * {@link ErrorCode#UNKNOWN_TYPE} or {@link ErrorCode#FRAME_TOO_LARGE}. The peer closes the connection after it
 * (the stream can't be trusted); not retriable: the same bytes would break it again.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (ProtocolViolationException e) {
 *     log.error("peer speaks another protocol ({}): {}", e.code(), e.getMessage());
 * }
 * }</pre>
 */
public class ProtocolViolationException extends ShoalException {
    private static final long serialVersionUID = 1L;

    /** {@code code} must be one of the four stream-level codes. */
    public ProtocolViolationException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolViolationException(ErrorCode code, String message, Throwable cause) {
        super(requireStreamLevel(code), message, cause);
    }

    private static ErrorCode requireStreamLevel(ErrorCode code) {
        if (!code.fatalToConnection) {
            throw new IllegalArgumentException(code + " is not a protocol violation");
        }
        return code;
    }
}
