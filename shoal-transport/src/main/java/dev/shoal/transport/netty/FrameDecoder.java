package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;

/**
 * Cuts the byte stream into frames (see {@link FrameHeader} for the layout) and checks each header: length within
 * the limit, known version, known type. A frame that fails raises a {@code FrameException} (wrapped in a
 * {@link DecoderException}) that {@link ProtocolErrorHandler} answers and turns into a closed connection.
 *
 * <pre>{@code
 * pipeline.addLast(new FrameDecoder(options.maxFrameBytes()), handler, ProtocolErrorHandler.INSTANCE);
 * }</pre>
 *
 * <p>Why not Netty's {@code LengthFieldBasedFrameDecoder}: it gathers a large frame by growing one cumulation
 * buffer, copying it at every growth. Here a frame that arrives whole in one read is passed on as a slice of the
 * read buffer (no copy), and a larger one gets a buffer of exactly its size as soon as its length is known, so
 * every byte is copied once.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private final int maxFrameBytes;
    /** The frame being filled, or null between frames. */
    private ByteBuf partial;
    /** Bytes of a length field split across reads. */
    private int lengthSoFar;
    private int lengthBytes;
    /** Once a frame failed the stream can't be resynchronized: everything after it is dropped until close. */
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!failed && in.isReadable()) {
                if (partial == null && !startFrame(ctx, in)) {
                    return;
                }
                if (partial != null) {
                    fill(ctx, in);
                }
            }
        } catch (FrameException e) {
            failed = true;
            releasePartial();
            throw new DecoderException(e);
        } finally {
            in.release();
        }
    }

    /**
     * Reads a length field; passes on a frame found whole in {@code in}, or allocates {@link #partial} for one
     * that is not. Returns false when {@code in} ran out inside the length field.
     */
    private boolean startFrame(ChannelHandlerContext ctx, ByteBuf in) {
        if (lengthBytes == 0 && in.readableBytes() >= FrameHeader.LENGTH_FIELD_SIZE) {
            int total = checkedTotal(in.getUnsignedIntLE(in.readerIndex()));
            if (in.readableBytes() >= total) {
                emit(ctx, in.readRetainedSlice(total));
                return true;
            }
            partial = ctx.alloc().directBuffer(total, total);
            return true;
        }
        while (lengthBytes < FrameHeader.LENGTH_FIELD_SIZE && in.isReadable()) {
            lengthSoFar |= in.readUnsignedByte() << (8 * lengthBytes++);
        }
        if (lengthBytes < FrameHeader.LENGTH_FIELD_SIZE) {
            return false;
        }
        int total = checkedTotal(Integer.toUnsignedLong(lengthSoFar));
        partial = ctx.alloc().directBuffer(total, total);
        partial.writeIntLE(lengthSoFar);
        lengthBytes = 0;
        lengthSoFar = 0;
        return true;
    }

    private void fill(ChannelHandlerContext ctx, ByteBuf in) {
        partial.writeBytes(in, Math.min(in.readableBytes(), partial.writableBytes()));
        if (!partial.isWritable()) {
            ByteBuf frame = partial;
            partial = null;
            emit(ctx, frame);
        }
    }

    /** Frame size including the length field, after checking the length against the limits. */
    private int checkedTotal(long length) {
        if (length + FrameHeader.LENGTH_FIELD_SIZE > maxFrameBytes) {
            throw new FrameException(ErrorCode.FRAME_TOO_LARGE, 0, 0, "frame of " + length
                    + " bytes is over the limit of " + maxFrameBytes + " bytes");
        }
        if (length < FrameHeader.SIZE - FrameHeader.LENGTH_FIELD_SIZE) {
            throw new FrameException(ErrorCode.MALFORMED_FRAME, 0, 0, "frame length " + length
                    + " is shorter than the " + FrameHeader.SIZE + "-byte header");
        }
        return (int) length + FrameHeader.LENGTH_FIELD_SIZE;
    }

    private static void emit(ChannelHandlerContext ctx, ByteBuf frame) {
        int version = FrameHeader.version(frame);
        int type = FrameHeader.typeId(frame);
        long id = FrameHeader.requestId(frame);
        if (version != FrameHeader.VERSION) {
            frame.release();
            throw new FrameException(ErrorCode.UNSUPPORTED_VERSION, type, id, "frame version " + version
                    + " is not supported (this node speaks version " + FrameHeader.VERSION + ")");
        }
        // An error frame may carry type 0 or a type this node does not know: it answers a frame the peer could not
        // read (PROTOCOL.md, Error frames). Pass it on so the cause reaches the caller instead of UNKNOWN_TYPE.
        if (MessageType.ofId(type) == null && !FrameHeader.isError(frame)) {
            frame.release();
            throw new FrameException(ErrorCode.UNKNOWN_TYPE, type, id, "unknown message type " + type);
        }
        ctx.fireChannelRead(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
