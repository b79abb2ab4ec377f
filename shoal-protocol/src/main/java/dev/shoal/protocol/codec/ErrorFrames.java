package dev.shoal.protocol.codec;

import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Error responses: the request's header with flags RESPONSE|ERROR, body {@code u16 code, str message}.
 *
 * <pre>{@code
 * ctx.writeAndFlush(ErrorFrames.encode(alloc, MessageType.PUSH_DENSE.id, requestId, tableId,
 *         ErrorCode.UNKNOWN_TABLE, "no table with id 7"));
 * ShoalException e = ErrorFrames.decode(response);
 * }</pre>
 */
public final class ErrorFrames {
    private ErrorFrames() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, int typeId, long requestId, int tableId, ErrorCode code,
                                 String message) {
        ByteBuf buf = alloc.buffer(FrameHeader.SIZE + 64 + message.length());
        FrameHeader.writeHeader(buf, typeId, FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, requestId, tableId, 0);
        buf.writeShortLE(code.id);
        Strings.write(buf, message.length() > 4000 ? message.substring(0, 4000) + "..." : message);
        return FrameHeader.finish(buf);
    }

    /** An error answering {@code request}. */
    public static ByteBuf answer(ByteBufAllocator alloc, ByteBuf request, ErrorCode code, String message) {
        return encode(alloc, FrameHeader.typeId(request), FrameHeader.requestId(request), FrameHeader.tableId(request),
                code, message);
    }

    /** The exception an error frame carries, as the subclass of its code; tolerates a truncated body. */
    public static ShoalException decode(ByteBuf frame) {
        ByteBuf body = frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame));
        try {
            ErrorCode code = ErrorCode.ofId(body.readUnsignedShortLE());
            return Errors.of(code, Strings.read(body));
        } catch (IndexOutOfBoundsException e) {
            return Errors.of(ErrorCode.MALFORMED_FRAME, "peer sent a truncated error frame");
        }
    }
}
