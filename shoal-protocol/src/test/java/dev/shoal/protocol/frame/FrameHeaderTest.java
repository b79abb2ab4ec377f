package dev.shoal.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

    @Test
    void layoutConstantsMatchTheDocumentedDiagram() {
        assertThat(FrameHeader.LENGTH_OFFSET).isZero();
        assertThat(FrameHeader.VERSION_OFFSET).isEqualTo(4);
        assertThat(FrameHeader.TYPE_OFFSET).isEqualTo(5);
        assertThat(FrameHeader.FLAGS_OFFSET).isEqualTo(6);
        assertThat(FrameHeader.REQUEST_ID_OFFSET).isEqualTo(8);
        assertThat(FrameHeader.TABLE_ID_OFFSET).isEqualTo(16);
        assertThat(FrameHeader.CLOCK_OFFSET).isEqualTo(20);
        assertThat(FrameHeader.SIZE).isEqualTo(24);
        assertThat(FrameHeader.LENGTH_FIELD_SIZE).isEqualTo(4);
        assertThat(FrameHeader.DEFAULT_MAX_FRAME_BYTES).isEqualTo((64 << 20) + 24);
    }

    @Test
    void knownHeaderHasExactLittleEndianBytesOnTheWire() {
        ByteBuf f = Unpooled.buffer();
        FrameHeader.writeHeader(f, 0x0B, 0x0102, 0x0102030405060708L, 0x0A0B0C0D, -2);
        f.writeBytes(new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC});
        FrameHeader.finish(f);

        byte[] expected = {
            23, 0, 0, 0,                    // length = 24 + 3 - 4
            1,                              // version
            0x0B,                           // type
            0x02, 0x01,                     // flags, LE
            8, 7, 6, 5, 4, 3, 2, 1,         // request id, LE
            0x0D, 0x0C, 0x0B, 0x0A,         // table id, LE
            (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // clock -2
            (byte) 0xAA, (byte) 0xBB, (byte) 0xCC
        };
        assertThat(ByteBufUtil.getBytes(f)).containsExactly(expected);
        f.release();
    }

    @Test
    void fieldsRoundTripForRandomValues() {
        Random rnd = new Random(42);
        for (int i = 0; i < 1000; i++) {
            int type = rnd.nextInt(256);
            int flags = rnd.nextInt(1 << 16);
            long id = rnd.nextLong();
            int table = rnd.nextInt();
            int clock = rnd.nextInt();
            int body = rnd.nextInt(40);
            ByteBuf f = Unpooled.buffer();
            FrameHeader.writeHeader(f, type, flags, id, table, clock);
            f.writeZero(body);
            FrameHeader.finish(f);

            assertThat(f.getIntLE(0)).isEqualTo(FrameHeader.SIZE - 4 + body);
            assertThat(FrameHeader.version(f)).isEqualTo(FrameHeader.VERSION);
            assertThat(FrameHeader.typeId(f)).isEqualTo(type);
            assertThat(FrameHeader.flags(f)).isEqualTo(flags);
            assertThat(FrameHeader.requestId(f)).isEqualTo(id);
            assertThat(FrameHeader.tableId(f)).isEqualTo(table);
            assertThat(FrameHeader.clock(f)).isEqualTo(clock);
            assertThat(FrameHeader.bodyIndex(f)).isEqualTo(FrameHeader.SIZE);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(body);
            assertThat(FrameHeader.isResponse(f)).isEqualTo((flags & 1) != 0);
            assertThat(FrameHeader.isError(f)).isEqualTo((flags & 2) != 0);
            assertThat(FrameHeader.isNotification(f)).isEqualTo((flags & 4) != 0);
            f.release();
        }
    }

    @Test
    void accessorsAndFinishAreRelativeToTheReaderIndex() {
        ByteBuf f = Unpooled.buffer();
        f.writeBytes(new byte[] {9, 9, 9, 9, 9});
        f.readerIndex(5);
        FrameHeader.writeHeader(f, MessageType.ECHO.id, FrameHeader.FLAG_NOTIFICATION, 77L, 3, 4);
        f.writeIntLE(123);
        FrameHeader.finish(f);

        assertThat(f.getIntLE(5)).isEqualTo(24);
        assertThat(f.getByte(0)).isEqualTo((byte) 9); // bytes before the reader index untouched
        assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.ECHO.id);
        assertThat(FrameHeader.requestId(f)).isEqualTo(77L);
        assertThat(FrameHeader.tableId(f)).isEqualTo(3);
        assertThat(FrameHeader.clock(f)).isEqualTo(4);
        assertThat(FrameHeader.isNotification(f)).isTrue();
        assertThat(FrameHeader.isResponse(f)).isFalse();
        assertThat(FrameHeader.bodyIndex(f)).isEqualTo(29);
        assertThat(f.getIntLE(FrameHeader.bodyIndex(f))).isEqualTo(123);
        assertThat(FrameHeader.bodyLength(f)).isEqualTo(4);
        f.release();
    }

    @Test
    void allocateWritesARequestHeaderInADirectBuffer() {
        ByteBuf f = FrameHeader.allocate(ByteBufAllocator.DEFAULT, MessageType.PULL_DENSE, 5L, 6, 7, 12);
        assertThat(f.isDirect()).isTrue();
        assertThat(f.readableBytes()).isEqualTo(FrameHeader.SIZE);
        assertThat(f.writableBytes()).isGreaterThanOrEqualTo(12);
        FrameHeader.finish(f);
        assertThat(f.getIntLE(0)).isEqualTo(20);
        assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.PULL_DENSE.id);
        assertThat(FrameHeader.flags(f)).isZero();
        assertThat(FrameHeader.requestId(f)).isEqualTo(5L);
        assertThat(FrameHeader.tableId(f)).isEqualTo(6);
        assertThat(FrameHeader.clock(f)).isEqualTo(7);
        f.release();
    }

    @Test
    void responseCopiesTypeIdAndTableAndSetsTheResponseFlag() {
        ByteBuf req = FrameHeader.finish(FrameHeader.allocate(ByteBufAllocator.DEFAULT, MessageType.PUSH_SPARSE,
                0x1234_5678_9ABCL, 42, 9, 0));
        ByteBuf resp = FrameHeader.finish(FrameHeader.allocateResponse(ByteBufAllocator.DEFAULT, req, 11, 0));
        assertThat(FrameHeader.typeId(resp)).isEqualTo(MessageType.PUSH_SPARSE.id);
        assertThat(FrameHeader.requestId(resp)).isEqualTo(0x1234_5678_9ABCL);
        assertThat(FrameHeader.tableId(resp)).isEqualTo(42);
        assertThat(FrameHeader.clock(resp)).isEqualTo(11);
        assertThat(FrameHeader.flags(resp)).isEqualTo(FrameHeader.FLAG_RESPONSE);
        assertThat(FrameHeader.isResponse(resp)).isTrue();
        assertThat(FrameHeader.isError(resp)).isFalse();
        req.release();
        resp.release();
    }

    @Test
    void describeNamesTypeIdTableClockAndSize() {
        ByteBuf f = Unpooled.buffer();
        FrameHeader.writeHeader(f, MessageType.PUSH_DENSE.id, 0, 17, 3, 5);
        f.writeZero(8);
        FrameHeader.finish(f);
        assertThat(FrameHeader.describe(f)).isEqualTo("PUSH_DENSE#17 table 3 clock 5 (32 bytes)");
        f.setByte(FrameHeader.TYPE_OFFSET, 250);
        assertThat(FrameHeader.describe(f)).startsWith("type 250#17");
        assertThat(FrameHeader.describe(Unpooled.wrappedBuffer(new byte[7]))).isEqualTo("truncated frame (7 bytes)");
        f.release();
    }

    @Test
    void messageTypeIdsAreUniqueAndResolve() {
        Set<Integer> ids = new HashSet<>();
        for (MessageType t : MessageType.values()) {
            assertThat(ids.add(t.id)).as("duplicate id %s", t.id).isTrue();
            assertThat(MessageType.ofId(t.id)).isSameAs(t);
        }
        assertThat(MessageType.ofId(0)).isNull();
        assertThat(MessageType.ofId(255)).isNull();
        assertThat(MessageType.ofId(-1)).isNull();
        assertThat(MessageType.ofId(256)).isNull();
        assertThat(MessageType.PUSH_DENSE.id).isEqualTo(10);
        assertThat(MessageType.ECHO.id).isEqualTo(21);
        assertThat(MessageType.PUSH_DENSE.isPush()).isTrue();
        assertThat(MessageType.PUSH_PULL_SPARSE.isPush()).isTrue();
        assertThat(MessageType.PULL_DENSE.isPush()).isFalse();
        assertThat(MessageType.CLOCK.isPush()).isFalse();
    }

    @Test
    void errorCodesResolveAndUnknownIdsReadAsInternal() {
        Set<Integer> ids = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ids.add(c.id)).isTrue();
            assertThat(ErrorCode.ofId(c.id)).isSameAs(c);
        }
        assertThat(ErrorCode.ofId(0)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.ofId(63)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.ofId(64)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.ofId(-5)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.ofId(65535)).isSameAs(ErrorCode.INTERNAL);
        assertThat(ErrorCode.FRAME_TOO_LARGE.id).isEqualTo(5);
        assertThat(ErrorCode.MALFORMED_FRAME.fatalToConnection).isTrue();
        assertThat(ErrorCode.UNKNOWN_TABLE.fatalToConnection).isFalse();
    }
}
