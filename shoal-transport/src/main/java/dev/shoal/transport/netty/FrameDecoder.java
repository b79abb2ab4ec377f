package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;

/**
 * Cuts the byte stream into frames (see {@link FrameHeader} for the layout) and checks each header: length within
 * the limit, known version, known type. A frame that fails raises a {@code FrameException} that
 * {@link ProtocolErrorHandler} answers and turns into a closed connection.
 *
 * <pre>{@code
 * pipeline.addLast(new FrameDecoder(options.maxFrameBytes()), handler, new ProtocolErrorHandler());
 * }</pre>
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private final int maxFrameBytes;
    /** Once a frame failed the stream can't be resynchronized: everything after it is dropped until close. */
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        super(ByteOrder.LITTLE_ENDIAN, maxFrameBytes, FrameHeader.LENGTH_OFFSET, FrameHeader.LENGTH_FIELD_SIZE, 0, 0,
                true);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            return decodeChecked(ctx, in);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private Object decodeChecked(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= FrameHeader.LENGTH_FIELD_SIZE) {
            long length = in.getUnsignedIntLE(in.readerIndex());
            if (length + FrameHeader.LENGTH_FIELD_SIZE > maxFrameBytes) {
                throw new FrameException(ErrorCode.FRAME_TOO_LARGE, 0, 0, "frame of " + length
                        + " bytes is over the limit of " + maxFrameBytes + " bytes");
            }
            if (length < FrameHeader.SIZE - FrameHeader.LENGTH_FIELD_SIZE) {
                throw new FrameException(ErrorCode.MALFORMED_FRAME, 0, 0, "frame length " + length
                        + " is shorter than the " + FrameHeader.SIZE + "-byte header");
            }
        }
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame != null) {
            check(frame);
        }
        return frame;
    }

    private static void check(ByteBuf frame) {
        int version = FrameHeader.version(frame);
        int type = FrameHeader.typeId(frame);
        long id = FrameHeader.requestId(frame);
        if (version != FrameHeader.VERSION) {
            frame.release();
            throw new FrameException(ErrorCode.UNSUPPORTED_VERSION, type, id, "frame version " + version
                    + " is not supported (this node speaks version " + FrameHeader.VERSION + ")");
        }
        if (MessageType.ofId(type) == null) {
            frame.release();
            throw new FrameException(ErrorCode.UNKNOWN_TYPE, type, id, "unknown message type " + type);
        }
    }
}
