package dev.shoal.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class ErrorFramesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void everyCodeRoundTripsWithItsMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            String msg = "no table with id 7 — " + code + " ✓";
            ByteBuf f = ErrorFrames.encode(ALLOC, MessageType.PUSH_DENSE.id, 0xABCDEFL, 7, code, msg);
            try {
                assertThat(f.getIntLE(0)).isEqualTo(f.readableBytes() - 4);
                assertThat(FrameHeader.version(f)).isEqualTo(FrameHeader.VERSION);
                assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.PUSH_DENSE.id);
                assertThat(FrameHeader.requestId(f)).isEqualTo(0xABCDEFL);
                assertThat(FrameHeader.tableId(f)).isEqualTo(7);
                assertThat(FrameHeader.flags(f)).isEqualTo(FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR);
                assertThat(f.getUnsignedShortLE(FrameHeader.bodyIndex(f))).isEqualTo(code.id);
                ShoalException e = ErrorFrames.decode(f);
                assertThat(e.code()).isEqualTo(code);
                assertThat(e.getMessage()).isEqualTo(msg);
            } finally {
                f.release();
            }
        }
    }

    @Test
    void answerCopiesTheRequestHeader() {
        ByteBuf req = DenseFrames.encodePull(ALLOC, 4242L, 13, 2, 0, 10);
        ByteBuf err = ErrorFrames.answer(ALLOC, req, ErrorCode.KEY_OUT_OF_RANGE, "offset 0 count 10 past the end");
        assertThat(FrameHeader.typeId(err)).isEqualTo(MessageType.PULL_DENSE.id);
        assertThat(FrameHeader.requestId(err)).isEqualTo(4242L);
        assertThat(FrameHeader.tableId(err)).isEqualTo(13);
        assertThat(FrameHeader.isResponse(err)).isTrue();
        assertThat(FrameHeader.isError(err)).isTrue();
        ShoalException e = ErrorFrames.decode(err);
        assertThat(e.code()).isEqualTo(ErrorCode.KEY_OUT_OF_RANGE);
        assertThat(e.getMessage()).isEqualTo("offset 0 count 10 past the end");
        req.release();
        err.release();
    }

    @Test
    void longMessagesAreCutTo4000CharactersPlusEllipsis() {
        String msg = "x".repeat(10_000);
        ByteBuf f = ErrorFrames.encode(ALLOC, 1, 1L, 0, ErrorCode.INTERNAL, msg);
        ShoalException e = ErrorFrames.decode(f);
        assertThat(e.getMessage()).hasSize(4003).endsWith("...").startsWith("xxxx");
        f.release();

        String exactly = "y".repeat(4000);
        ByteBuf g = ErrorFrames.encode(ALLOC, 1, 1L, 0, ErrorCode.INTERNAL, exactly);
        assertThat(ErrorFrames.decode(g).getMessage()).isEqualTo(exactly);
        g.release();
    }

    @Test
    void truncatedBodyDecodesAsMalformedAtEveryCut() {
        ByteBuf f = ErrorFrames.encode(ALLOC, 1, 9L, 0, ErrorCode.SHAPE_MISMATCH, "shape [3] vs [4]");
        int body = FrameHeader.bodyLength(f);
        for (int cut = 0; cut < body; cut++) {
            ByteBuf t = f.retainedSlice(0, FrameHeader.SIZE + cut);
            ShoalException e = ErrorFrames.decode(t);
            assertThat(e.code()).as("cut %d", cut).isEqualTo(ErrorCode.MALFORMED_FRAME);
            assertThat(e.getMessage()).contains("truncated error frame");
            t.release();
        }
        assertThat(ErrorFrames.decode(f).code()).isEqualTo(ErrorCode.SHAPE_MISMATCH);
        f.release();
    }

    @Test
    void unknownCodeReadsAsInternalAndKeepsTheMessage() {
        ByteBuf f = ErrorFrames.encode(ALLOC, 1, 1L, 0, ErrorCode.TIMEOUT, "later");
        f.setShortLE(FrameHeader.bodyIndex(f), 999);
        ShoalException e = ErrorFrames.decode(f);
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("later");
        f.release();
    }
}
