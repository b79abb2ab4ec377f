package dev.shoal.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 1024;
    private static final int ECHO = MessageType.ECHO.id;
    private final EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = ByteBufUtil.getBytes(b);
        return out;
    }

    private ByteBuf nextFrame() {
        return ch.readInbound();
    }

    /** Writes {@code b}, expecting the decoder to fail with {@code code}; returns the failure. */
    private FrameException expectFailure(ByteBuf b, ErrorCode code) {
        Throwable t = catchThrowable(() -> ch.writeInbound(b));
        assertThat(t).isInstanceOf(DecoderException.class).hasCauseInstanceOf(FrameException.class);
        FrameException f = (FrameException) t.getCause();
        assertThat(f.code).isEqualTo(code);
        return f;
    }

    @Test
    void aFrameArrivingByteByByteIsReassembled() {
        ByteBuf f = Frames.frame(ECHO, 42L, 100);
        byte[] wire = bytes(f);
        for (int i = 0; i < wire.length - 1; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
            assertThat((Object) ch.readInbound()).as("after %d bytes", i + 1).isNull();
        }
        ch.writeInbound(Unpooled.wrappedBuffer(wire, wire.length - 1, 1));
        ByteBuf out = nextFrame();
        assertThat(bytes(out)).containsExactly(wire);
        assertThat(FrameHeader.requestId(out)).isEqualTo(42L);
        assertThat(FrameHeader.bodyLength(out)).isEqualTo(100);
        out.release();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void manyFramesSplitAtRandomPointsComeOutWholeAndInOrder() {
        Random rnd = new Random(8);
        List<byte[]> sent = new ArrayList<>();
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 200; i++) {
            byte[] w = bytes(Frames.frame(ECHO, i + 1, rnd.nextInt(MAX - FrameHeader.SIZE + 1)));
            sent.add(w);
            stream.writeBytes(w);
        }
        byte[] all = bytes(stream);
        for (int pos = 0; pos < all.length; ) {
            int n = Math.min(all.length - pos, 1 + rnd.nextInt(700));
            ch.writeInbound(Unpooled.wrappedBuffer(all, pos, n));
            pos += n;
        }
        for (int i = 0; i < sent.size(); i++) {
            ByteBuf out = nextFrame();
            assertThat(out).as("frame %d", i).isNotNull();
            assertThat(bytes(out)).as("frame %d", i).containsExactly(sent.get(i));
            out.release();
        }
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void twoFramesInOneReadComeOutAsTwo() {
        ByteBuf a = Frames.frame(ECHO, 1L, 5);
        ByteBuf b = Frames.frame(MessageType.CLOCK.id, 2L, 0);
        byte[] wa = bytes(a);
        byte[] wb = bytes(b);
        ch.writeInbound(Unpooled.wrappedBuffer(a, b));
        ByteBuf first = nextFrame();
        ByteBuf second = nextFrame();
        assertThat(bytes(first)).containsExactly(wa);
        assertThat(bytes(second)).containsExactly(wb);
        assertThat(FrameHeader.typeId(second)).isEqualTo(MessageType.CLOCK.id);
        first.release();
        second.release();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        ch.writeInbound(Frames.frame(ECHO, 1L, MAX - FrameHeader.SIZE));
        ByteBuf out = nextFrame();
        assertThat(out.readableBytes()).isEqualTo(MAX);
        out.release();
    }

    @Test
    void anOversizedLengthFailsAsSoonAsTheLengthFieldArrives() {
        ByteBuf header = Frames.raw(MAX - 4 + 1, 1, ECHO, 9L, 0);
        // only the 4 length bytes: no body, not even the rest of the header
        FrameException f = expectFailure(header.retainedSlice(0, 4), ErrorCode.FRAME_TOO_LARGE);
        assertThat(f.getMessage()).contains("over the limit of " + MAX);
        header.release();
    }

    @Test
    void aHugeUnsignedLengthIsTooLargeNotNegative() {
        FrameException f = expectFailure(Frames.raw(0xFFFF_FFF0L, 1, ECHO, 9L, 0), ErrorCode.FRAME_TOO_LARGE);
        assertThat(f.getMessage()).contains(String.valueOf(0xFFFF_FFF0L));
    }

    @Test
    void aLengthShorterThanTheHeaderIsMalformed() {
        for (int length : new int[] {0, 4, FrameHeader.SIZE - 5}) {
            EmbeddedChannel c = new EmbeddedChannel(new FrameDecoder(MAX));
            Throwable t = catchThrowable(() -> c.writeInbound(Frames.raw(length, 1, ECHO, 1L, 0)));
            assertThat(t).as("length %d", length).hasCauseInstanceOf(FrameException.class);
            assertThat(((FrameException) t.getCause()).code).isEqualTo(ErrorCode.MALFORMED_FRAME);
            c.finishAndReleaseAll();
        }
        // exactly a header: fine
        ch.writeInbound(Frames.raw(FrameHeader.SIZE - 4, 1, ECHO, 1L, 0));
        ByteBuf out = nextFrame();
        assertThat(FrameHeader.bodyLength(out)).isZero();
        out.release();
    }

    @Test
    void aWrongVersionIsUnsupportedAndKeepsTypeAndRequestId() {
        ByteBuf bad = Frames.frame(ECHO, 77L, 8);
        bad.setByte(FrameHeader.VERSION_OFFSET, 2);
        FrameException f = expectFailure(bad, ErrorCode.UNSUPPORTED_VERSION);
        assertThat(f.typeId).isEqualTo(ECHO);
        assertThat(f.requestId).isEqualTo(77L);
        assertThat(f.getMessage()).contains("version 2");
    }

    @Test
    void anUnknownTypeIsRefusedWithItsRequestId() {
        for (int type : new int[] {0, 7, 200, 255}) {
            EmbeddedChannel c = new EmbeddedChannel(new FrameDecoder(MAX));
            Throwable t = catchThrowable(() -> c.writeInbound(Frames.frame(type, 55L, 3)));
            FrameException f = (FrameException) t.getCause();
            assertThat(f.code).as("type %d", type).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            assertThat(f.typeId).isEqualTo(type);
            assertThat(f.requestId).isEqualTo(55L);
            assertThat(f.getMessage()).contains("type " + type);
            c.finishAndReleaseAll();
        }
    }

    @Test
    void anErrorFrameOfTypeZeroIsPassedOnSoItsCauseReachesTheCaller() {
        // A peer that could not read our frame's length answers with type 0 and request id 0 (PROTOCOL.md).
        ByteBuf error = ErrorFrames.encode(ByteBufAllocator.DEFAULT, 0, 0L, 0, ErrorCode.FRAME_TOO_LARGE,
                "frame of 99 bytes is over the limit");
        ch.writeInbound(error);
        ByteBuf frame = nextFrame();
        assertThat(FrameHeader.isError(frame)).isTrue();
        assertThat(ErrorFrames.decode(frame).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        frame.release();
    }

    @Test
    void afterAFailureEveryLaterByteIsDropped() {
        ByteBuf bad = Frames.frame(ECHO, 1L, 0);
        bad.setByte(FrameHeader.VERSION_OFFSET, 9);
        ByteBuf goodInSameRead = Frames.frame(ECHO, 2L, 4);
        expectFailure(Unpooled.wrappedBuffer(bad, goodInSameRead), ErrorCode.UNSUPPORTED_VERSION);
        assertThat((Object) ch.readInbound()).isNull();

        // later reads: valid frames and garbage alike are swallowed without another failure
        ByteBuf later = Frames.frame(ECHO, 3L, 4);
        ch.writeInbound(later);
        ch.writeInbound(Frames.raw(1 << 30, 1, ECHO, 4L, 0));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(later.refCnt()).as("dropped input is released").isZero();
        ch.checkException();
    }

    @Test
    void framesBeforeTheBadOneInTheSameReadAreStillDelivered() {
        ByteBuf good = Frames.frame(ECHO, 1L, 2);
        ByteBuf bad = Frames.raw(1 << 20, 1, ECHO, 2L, 0);
        expectFailure(Unpooled.wrappedBuffer(good, bad), ErrorCode.FRAME_TOO_LARGE);
        ByteBuf out = nextFrame();
        assertThat(FrameHeader.requestId(out)).isEqualTo(1L);
        out.release();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void aFrameWhoseHeaderIsCheckedIsNotLeakedWhenRefused() {
        ByteBuf bad = Frames.frame(200, 1L, 16);
        expectFailure(bad, ErrorCode.UNKNOWN_TYPE);
        ch.finishAndReleaseAll();
        assertThat(bad.refCnt()).isZero();
    }
}
