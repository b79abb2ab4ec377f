package dev.shoal.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseFramesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** Floats whose bit patterns must survive: NaNs with payloads, -0.0, infinities, subnormals. */
    static float[] trickyFloats(int n, long seed) {
        Random rnd = new Random(seed);
        float[] special = {
            -0.0f, 0.0f, Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffc00001),
            Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xfff00abc), Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1.0f, -1.5f
        };
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < special.length ? special[i] : Float.intBitsToFloat(rnd.nextInt());
        }
        return v;
    }

    static void assertBitsEqual(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("bits of element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void pushRoundTripsOffsetCountAndValuesBitExactly() {
        float[] src = trickyFloats(1000, 1);
        for (MessageType type : new MessageType[] {MessageType.PUSH_DENSE, MessageType.PUSH_PULL_DENSE}) {
            ByteBuf f = DenseFrames.encodePush(ALLOC, type, 99L, 4, 6, 123_456_789_012L, src, 100, 700);
            try {
                assertThat(FrameHeader.typeId(f)).isEqualTo(type.id);
                assertThat(FrameHeader.requestId(f)).isEqualTo(99L);
                assertThat(FrameHeader.tableId(f)).isEqualTo(4);
                assertThat(FrameHeader.clock(f)).isEqualTo(6);
                assertThat(f.getIntLE(0)).isEqualTo(f.readableBytes() - 4);
                assertThat(FrameHeader.bodyLength(f)).isEqualTo(12 + 700 * 4);
                assertThat(DenseFrames.offset(f)).isEqualTo(123_456_789_012L);
                assertThat(DenseFrames.count(f)).isEqualTo(700);
                assertThat(DenseFrames.checkRequest(f, true)).isNull();

                float[] back = new float[700];
                Floats.read(f, DenseFrames.valuesIndex(f), back, 0, 700);
                float[] expected = java.util.Arrays.copyOfRange(src, 100, 800);
                assertBitsEqual(back, expected);
                // little-endian on the wire: raw bytes of the first value
                assertThat(f.getIntLE(DenseFrames.valuesIndex(f))).isEqualTo(Float.floatToRawIntBits(src[100]));
            } finally {
                f.release();
            }
        }
    }

    @Test
    void specialValuesAtTheStartOfTheArraySurviveExactly() {
        float[] src = trickyFloats(14, 2);
        ByteBuf f = DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, 1L, 0, 0, 0L, src, 0, src.length);
        float[] back = new float[src.length];
        Floats.read(f, DenseFrames.valuesIndex(f), back, 0, src.length);
        assertBitsEqual(back, src);
        assertThat(f.getIntLE(DenseFrames.valuesIndex(f))).isEqualTo(0x80000000); // -0.0
        assertThat(f.getIntLE(DenseFrames.valuesIndex(f) + 12)).isEqualTo(0x7fc12345);
        f.release();
    }

    @Test
    void pullRoundTripsAndCarriesNoValues() {
        ByteBuf f = DenseFrames.encodePull(ALLOC, 7L, 2, 3, 1L << 40, 1 << 20);
        assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.PULL_DENSE.id);
        assertThat(FrameHeader.bodyLength(f)).isEqualTo(DenseFrames.REQUEST_PREFIX);
        assertThat(DenseFrames.offset(f)).isEqualTo(1L << 40);
        assertThat(DenseFrames.count(f)).isEqualTo(1 << 20);
        assertThat(DenseFrames.checkRequest(f, false)).isNull();
        assertThat(DenseFrames.checkRequest(f, true)).contains("does not match");
        f.release();
    }

    @Test
    void responseRoundTripsMinClockCountAndValues() {
        ByteBuf req = DenseFrames.encodePull(ALLOC, 55L, 8, 3, 0L, 50);
        float[] values = trickyFloats(50, 3);
        ByteBuf resp = DenseFrames.allocateResponse(ALLOC, req, 12, 9, 50);
        Floats.write(resp, values, 0, 50);
        FrameHeader.finish(resp);
        assertThat(FrameHeader.isResponse(resp)).isTrue();
        assertThat(FrameHeader.requestId(resp)).isEqualTo(55L);
        assertThat(FrameHeader.tableId(resp)).isEqualTo(8);
        assertThat(FrameHeader.clock(resp)).isEqualTo(12);
        assertThat(DenseFrames.responseMinClock(resp)).isEqualTo(9);
        assertThat(DenseFrames.responseCount(resp)).isEqualTo(50);
        assertThat(FrameHeader.bodyLength(resp)).isEqualTo(DenseFrames.RESPONSE_PREFIX + 200);
        float[] back = new float[50];
        Floats.read(resp, DenseFrames.responseValuesIndex(resp), back, 0, 50);
        assertBitsEqual(back, values);
        req.release();
        resp.release();
    }

    @Test
    void emptyPushIsConsistent() {
        ByteBuf f = DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, 1L, 0, 0, 5L, new float[0], 0, 0);
        assertThat(DenseFrames.count(f)).isZero();
        assertThat(DenseFrames.checkRequest(f, true)).isNull();
        f.release();
    }

    /** A dense request frame with arbitrary header body fields and {@code extra} value bytes. */
    private static ByteBuf raw(long offset, int count, int valueBytes) {
        ByteBuf f = Unpooled.buffer();
        FrameHeader.writeHeader(f, MessageType.PUSH_DENSE.id, 0, 1L, 0, 0);
        f.writeLongLE(offset).writeIntLE(count).writeZero(valueBytes);
        return FrameHeader.finish(f);
    }

    @Test
    void checkRequestCatchesTruncatedBodies() {
        ByteBuf full = DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, 1L, 0, 0, 8L, new float[10], 0, 10);
        int bodyLen = FrameHeader.bodyLength(full);
        for (int cut = 0; cut < bodyLen; cut++) {
            ByteBuf t = full.retainedSlice(0, FrameHeader.SIZE + cut);
            try {
                String problem = DenseFrames.checkRequest(t, true);
                assertThat(problem).as("body cut to %d bytes", cut).isNotNull();
                if (cut < DenseFrames.REQUEST_PREFIX) {
                    assertThat(problem).contains("shorter than its 12-byte prefix");
                } else {
                    assertThat(problem).contains("does not match").contains("count 10");
                }
            } finally {
                t.release();
            }
        }
        assertThat(DenseFrames.checkRequest(full, true)).isNull();
        full.release();
    }

    @Test
    void checkRequestCatchesCountMismatchNegativeCountAndNegativeOffset() {
        ByteBuf tooFew = raw(0, 10, 36);
        ByteBuf tooMany = raw(0, 10, 44);
        ByteBuf negative = raw(0, -1, 0);
        ByteBuf negativeFour = raw(0, -1, 0);
        ByteBuf negOffset = raw(-4, 1, 4);
        ByteBuf hugeCount = raw(0, Integer.MAX_VALUE, 8); // count*4 must not overflow into a match
        ByteBuf minCount = raw(0, Integer.MIN_VALUE, 0);
        try {
            assertThat(DenseFrames.checkRequest(tooFew, true)).contains("48 bytes").contains("count 10");
            assertThat(DenseFrames.checkRequest(tooMany, true)).contains("does not match");
            assertThat(DenseFrames.checkRequest(tooMany, false)).contains("does not match");
            assertThat(DenseFrames.checkRequest(negative, true)).contains("count -1");
            assertThat(DenseFrames.checkRequest(negativeFour, false)).contains("count -1");
            assertThat(DenseFrames.checkRequest(negOffset, true)).contains("offset -4");
            assertThat(DenseFrames.checkRequest(hugeCount, true)).isNotNull();
            assertThat(DenseFrames.checkRequest(minCount, false)).isNotNull();
            assertThat(DenseFrames.checkRequest(raw(3, 2, 8), true)).isNull();
        } finally {
            for (ByteBuf b : new ByteBuf[] {tooFew, tooMany, negative, negativeFour, negOffset, hugeCount, minCount}) {
                b.release();
            }
        }
    }
}
