package dev.shoal.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProtocolErrorHandlerTest {
    private static final int MAX = 1024;

    /** Decoder, a handler that counts (and releases) good frames, then the error handler. */
    private static EmbeddedChannel channel(AtomicInteger delivered) {
        return new EmbeddedChannel(new FrameDecoder(MAX), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                delivered.incrementAndGet();
                ReferenceCountUtil.release(msg);
            }
        }, ProtocolErrorHandler.INSTANCE);
    }

    /** Feeds {@code input}; expects exactly one error frame with {@code code} and a closed channel. */
    private static ShoalException refuse(ByteBuf input, ErrorCode code, int type, long requestId) {
        AtomicInteger delivered = new AtomicInteger();
        EmbeddedChannel ch = channel(delivered);
        ch.writeInbound(input);
        ch.runPendingTasks();
        ByteBuf err = ch.readOutbound();
        try {
            assertThat(err).as("error frame for %s", code).isNotNull();
            assertThat(err.getIntLE(0)).isEqualTo(err.readableBytes() - 4);
            assertThat(FrameHeader.version(err)).isEqualTo(FrameHeader.VERSION);
            assertThat(FrameHeader.isResponse(err)).isTrue();
            assertThat(FrameHeader.isError(err)).isTrue();
            assertThat(FrameHeader.typeId(err)).isEqualTo(type);
            assertThat(FrameHeader.requestId(err)).isEqualTo(requestId);
            ShoalException e = ErrorFrames.decode(err);
            assertThat(e.code()).isEqualTo(code);
            assertThat((Object) ch.readOutbound()).as("only one frame is sent").isNull();
            assertThat(ch.isOpen()).as("channel closed after %s", code).isFalse();
            assertThat(delivered.get()).isZero();
            return e;
        } finally {
            ReferenceCountUtil.release(err);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void oversizedFrameGetsFrameTooLargeAndAClose() {
        ShoalException e = refuse(Frames.raw(1 << 20, 1, MessageType.ECHO.id, 5L, 0), ErrorCode.FRAME_TOO_LARGE,
                0, 0L);
        assertThat(e.getMessage()).contains("over the limit");
    }

    @Test
    void shortLengthGetsMalformedFrame() {
        ShoalException e = refuse(Frames.raw(3, 1, MessageType.ECHO.id, 5L, 0), ErrorCode.MALFORMED_FRAME, 0, 0L);
        assertThat(e.getMessage()).contains("shorter than the 24-byte header");
    }

    @Test
    void wrongVersionGetsUnsupportedVersionAnsweringTheRequest() {
        ByteBuf f = Frames.frame(MessageType.PULL_DENSE.id, 1234L, 12);
        f.setByte(FrameHeader.VERSION_OFFSET, 7);
        ShoalException e = refuse(f, ErrorCode.UNSUPPORTED_VERSION, MessageType.PULL_DENSE.id, 1234L);
        assertThat(e.getMessage()).contains("version 7");
    }

    @Test
    void unknownTypeGetsUnknownTypeAnsweringTheRequest() {
        ShoalException e = refuse(Frames.frame(99, 4321L, 0), ErrorCode.UNKNOWN_TYPE, 99, 4321L);
        assertThat(e.getMessage()).contains("unknown message type 99");
    }

    @Test
    void textGarbageIsRefused() {
        ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII);
        refuse(http, ErrorCode.FRAME_TOO_LARGE, 0, 0L);
    }

    @Test
    void goodFramesBeforeTheBadOneAreDeliveredThenTheConnectionCloses() {
        AtomicInteger delivered = new AtomicInteger();
        EmbeddedChannel ch = channel(delivered);
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.frame(MessageType.ECHO.id, 1L, 0),
                Frames.frame(MessageType.ECHO.id, 2L, 0), Frames.frame(250, 3L, 0),
                Frames.frame(MessageType.ECHO.id, 4L, 0)));
        assertThat(delivered.get()).isEqualTo(2);
        ByteBuf err = ch.readOutbound();
        assertThat(ErrorFrames.decode(err).code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(FrameHeader.requestId(err)).isEqualTo(3L);
        err.release();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aHandlerFailureIsAnsweredWithInternalAndClosesOnlyThatChannel() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                throw new IllegalStateException("boom in handler");
            }
        }, ProtocolErrorHandler.INSTANCE);
        EmbeddedChannel other = channel(new AtomicInteger());
        ch.writeInbound(Frames.frame(MessageType.ECHO.id, 1L, 0));
        ByteBuf err = ch.readOutbound();
        ShoalException e = ErrorFrames.decode(err);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("boom in handler");
        err.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat(other.isOpen()).isTrue(); // the handler is shared, its failure state is not
        ch.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void nettyFramingExceptionsMapToTheirCodes() {
        EmbeddedChannel a = new EmbeddedChannel(ProtocolErrorHandler.INSTANCE);
        a.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
        ByteBuf ea = a.readOutbound();
        assertThat(ErrorFrames.decode(ea).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        ea.release();
        assertThat(a.isOpen()).isFalse();

        EmbeddedChannel b = new EmbeddedChannel(ProtocolErrorHandler.INSTANCE);
        b.pipeline().fireExceptionCaught(new CorruptedFrameException("corrupt"));
        ByteBuf eb = b.readOutbound();
        assertThat(ErrorFrames.decode(eb).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(ErrorFrames.decode(eb).getMessage()).isEqualTo("corrupt");
        eb.release();
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void anIoErrorClosesWithoutAnErrorFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(ProtocolErrorHandler.INSTANCE);
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anInactiveChannelIsClosedWithoutWriting() {
        EmbeddedChannel ch = new EmbeddedChannel(ProtocolErrorHandler.INSTANCE);
        ch.close();
        ch.pipeline().fireExceptionCaught(new IllegalStateException("late"));
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }
}
