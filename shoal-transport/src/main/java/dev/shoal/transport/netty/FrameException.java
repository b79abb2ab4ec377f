package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.ErrorCode;

/**
 * A frame the peer sent that cannot be trusted. The connection is answered with an error (where the request id
 * could be read) and closed.
 */
final class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ErrorCode code;
    final int typeId;
    final long requestId;

    FrameException(ErrorCode code, int typeId, long requestId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.typeId = typeId;
        this.requestId = requestId;
    }
}
