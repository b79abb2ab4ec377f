package dev.shoal.protocol.codec;

import static dev.shoal.protocol.codec.DenseFramesTest.assertBitsEqual;
import static dev.shoal.protocol.codec.DenseFramesTest.trickyFloats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseFramesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static long[] keys(int n, long seed) {
        Random rnd = new Random(seed);
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            k[i] = rnd.nextLong();
        }
        k[0] = Long.MIN_VALUE;
        k[1] = -1L;
        k[2] = 0L;
        k[3] = Long.MAX_VALUE;
        return k;
    }

    @Test
    void pushRoundTripsKeysAndValuesBitExactly() {
        int dim = 7;
        long[] keys = keys(300, 11);
        float[] values = trickyFloats(300 * dim, 12);
        int kOff = 20;
        int n = 250;
        int vOff = 13;
        for (MessageType type : new MessageType[] {MessageType.PUSH_SPARSE, MessageType.PUSH_PULL_SPARSE}) {
            ByteBuf f = SparseFrames.encodePush(ALLOC, type, 31L, 5, 2, keys, kOff, n, dim, values, vOff);
            try {
                assertThat(FrameHeader.typeId(f)).isEqualTo(type.id);
                assertThat(FrameHeader.requestId(f)).isEqualTo(31L);
                assertThat(FrameHeader.tableId(f)).isEqualTo(5);
                assertThat(FrameHeader.clock(f)).isEqualTo(2);
                assertThat(f.getIntLE(0)).isEqualTo(f.readableBytes() - 4);
                assertThat(SparseFrames.keyCount(f)).isEqualTo(n);
                assertThat(SparseFrames.dim(f)).isEqualTo(dim);
                assertThat(SparseFrames.keysIndex(f)).isEqualTo(FrameHeader.SIZE + 8);
                assertThat(SparseFrames.valuesIndex(f)).isEqualTo(FrameHeader.SIZE + 8 + n * 8);
                assertThat(FrameHeader.bodyLength(f)).isEqualTo(8 + n * 8 + n * dim * 4);
                assertThat(SparseFrames.checkRequest(f, true)).isNull();

                long[] k = new long[n];
                Floats.readLongs(f, SparseFrames.keysIndex(f), k, 0, n);
                assertThat(k).containsExactly(Arrays.copyOfRange(keys, kOff, kOff + n));
                assertThat(f.getLongLE(SparseFrames.keysIndex(f))).isEqualTo(keys[kOff]);

                float[] v = new float[n * dim];
                Floats.read(f, SparseFrames.valuesIndex(f), v, 0, n * dim);
                assertBitsEqual(v, Arrays.copyOfRange(values, vOff, vOff + n * dim));
            } finally {
                f.release();
            }
        }
    }

    @Test
    void specialKeysAndValuesSurviveFromOffsetZero() {
        long[] keys = keys(4, 1);
        float[] values = trickyFloats(8, 2);
        ByteBuf f = SparseFrames.encodePush(ALLOC, MessageType.PUSH_SPARSE, 1L, 0, 0, keys, 0, 4, 2, values, 0);
        long[] k = new long[4];
        Floats.readLongs(f, SparseFrames.keysIndex(f), k, 0, 4);
        assertThat(k).containsExactly(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
        float[] v = new float[8];
        Floats.read(f, SparseFrames.valuesIndex(f), v, 0, 8);
        assertBitsEqual(v, values);
        f.release();
    }

    @Test
    void pullCarriesKeysButNoValues() {
        long[] keys = keys(40, 3);
        ByteBuf f = SparseFrames.encodePull(ALLOC, 8L, 1, 4, keys, 5, 30, 16);
        assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.PULL_SPARSE.id);
        assertThat(SparseFrames.keyCount(f)).isEqualTo(30);
        assertThat(SparseFrames.dim(f)).isEqualTo(16);
        assertThat(FrameHeader.bodyLength(f)).isEqualTo(8 + 30 * 8);
        long[] k = new long[30];
        Floats.readLongs(f, SparseFrames.keysIndex(f), k, 0, 30);
        assertThat(k).containsExactly(Arrays.copyOfRange(keys, 5, 35));
        assertThat(SparseFrames.checkRequest(f, false)).isNull();
        assertThat(SparseFrames.checkRequest(f, true)).contains("does not match");
        f.release();
    }

    @Test
    void responseRoundTrips() {
        ByteBuf req = SparseFrames.encodePull(ALLOC, 77L, 9, 4, keys(10, 4), 0, 10, 3);
        float[] values = trickyFloats(30, 5);
        ByteBuf resp = SparseFrames.allocateResponse(ALLOC, req, 6, 2, 10, 3);
        Floats.write(resp, values, 0, 30);
        FrameHeader.finish(resp);
        assertThat(FrameHeader.isResponse(resp)).isTrue();
        assertThat(FrameHeader.requestId(resp)).isEqualTo(77L);
        assertThat(FrameHeader.typeId(resp)).isEqualTo(MessageType.PULL_SPARSE.id);
        assertThat(FrameHeader.clock(resp)).isEqualTo(6);
        assertThat(SparseFrames.responseMinClock(resp)).isEqualTo(2);
        assertThat(SparseFrames.responseKeyCount(resp)).isEqualTo(10);
        assertThat(SparseFrames.responseDim(resp)).isEqualTo(3);
        assertThat(FrameHeader.bodyLength(resp)).isEqualTo(SparseFrames.RESPONSE_PREFIX + 120);
        float[] back = new float[30];
        Floats.read(resp, SparseFrames.responseValuesIndex(resp), back, 0, 30);
        assertBitsEqual(back, values);
        req.release();
        resp.release();
    }

    private static ByteBuf raw(int n, int dim, int extraBytes) {
        ByteBuf f = Unpooled.buffer();
        FrameHeader.writeHeader(f, MessageType.PUSH_SPARSE.id, 0, 1L, 0, 0);
        f.writeIntLE(n).writeIntLE(dim).writeZero(extraBytes);
        return FrameHeader.finish(f);
    }

    @Test
    void checkRequestCatchesTruncatedBodies() {
        long[] keys = keys(6, 6);
        ByteBuf full = SparseFrames.encodePush(ALLOC, MessageType.PUSH_SPARSE, 1L, 0, 0, keys, 0, 6, 4,
                new float[24], 0);
        int bodyLen = FrameHeader.bodyLength(full);
        assertThat(SparseFrames.checkRequest(full, true)).isNull();
        for (int cut = 0; cut < bodyLen; cut++) {
            ByteBuf t = full.retainedSlice(0, FrameHeader.SIZE + cut);
            try {
                String problem = SparseFrames.checkRequest(t, true);
                assertThat(problem).as("body cut to %d bytes", cut).isNotNull();
                if (cut < SparseFrames.REQUEST_PREFIX) {
                    assertThat(problem).contains("shorter than its 8-byte prefix");
                } else {
                    assertThat(problem).contains("6 keys of dim 4");
                }
            } finally {
                t.release();
            }
        }
        full.release();
    }

    @Test
    void checkRequestCatchesCountMismatchNegativeCountsAndBadDim() {
        assertThat(SparseFrames.checkRequest(raw(2, 3, 16 + 24), true)).isNull();
        assertThat(SparseFrames.checkRequest(raw(2, 3, 16), false)).isNull();
        assertThat(SparseFrames.checkRequest(raw(3, 3, 16 + 24), true)).contains("3 keys of dim 3");
        assertThat(SparseFrames.checkRequest(raw(2, 3, 16 + 20), true)).isNotNull();
        assertThat(SparseFrames.checkRequest(raw(2, 3, 16 + 28), true)).isNotNull();
        assertThat(SparseFrames.checkRequest(raw(2, 3, 16 + 24), false)).isNotNull();
        assertThat(SparseFrames.checkRequest(raw(-1, 3, 0), true)).contains("-1 keys");
        assertThat(SparseFrames.checkRequest(raw(-1, 3, 0), false)).contains("-1 keys");
        assertThat(SparseFrames.checkRequest(raw(Integer.MIN_VALUE, 1, 0), false)).isNotNull();
        assertThat(SparseFrames.checkRequest(raw(0, 0, 0), false)).contains("dim 0");
        assertThat(SparseFrames.checkRequest(raw(1, -2, 8), false)).contains("dim -2");
        // negative n and negative dim whose product would "fit"
        assertThat(SparseFrames.checkRequest(raw(-2, -3, 0), true)).isNotNull();
        // large n and dim: the expected size must not wrap around to something small
        assertThat(SparseFrames.checkRequest(raw(Integer.MAX_VALUE, Integer.MAX_VALUE, 16), true)).isNotNull();
        assertThat(SparseFrames.checkRequest(raw(1 << 30, 1 << 30, 0), true)).isNotNull();
        // zero keys is a valid (empty) request
        assertThat(SparseFrames.checkRequest(raw(0, 4, 0), true)).isNull();
    }
}
