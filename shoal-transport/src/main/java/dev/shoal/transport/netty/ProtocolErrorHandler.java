package dev.shoal.transport.netty;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every pipeline: turns any failure on a connection into one log line naming the peer, an error
 * frame where one can still be sent, and a closed connection. Other connections are not affected.
 *
 * <pre>{@code
 * pipeline.addLast(new FrameDecoder(max), handler, new ProtocolErrorHandler());
 * }</pre>
 */
@ChannelHandler.Sharable
public final class ProtocolErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrorHandler.class);
    public static final ProtocolErrorHandler INSTANCE = new ProtocolErrorHandler();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String peer = String.valueOf(ctx.channel().remoteAddress());
        if (c instanceof IOException) {
            LOG.debug("connection with {} failed: {}", peer, c.toString());
            ctx.close();
            return;
        }
        ErrorCode code;
        int type = 0;
        long id = 0;
        if (c instanceof FrameException f) {
            code = f.code;
            type = f.typeId;
            id = f.requestId;
        } else if (c instanceof TooLongFrameException) {
            code = ErrorCode.FRAME_TOO_LARGE;
        } else if (c instanceof CorruptedFrameException) {
            code = ErrorCode.MALFORMED_FRAME;
        } else {
            code = ErrorCode.INTERNAL;
        }
        if (code == ErrorCode.INTERNAL) {
            LOG.error("closing connection with {}: internal error", peer, c);
        } else {
            LOG.warn("closing connection with {}: {}: {}", peer, code, c.getMessage());
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(ErrorFrames.encode(ctx.alloc(), type, id, 0, code, String.valueOf(c.getMessage())))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
