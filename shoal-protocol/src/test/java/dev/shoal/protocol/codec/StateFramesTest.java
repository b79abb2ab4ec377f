package dev.shoal.protocol.codec;

import static dev.shoal.protocol.codec.DenseFramesTest.assertBitsEqual;
import static dev.shoal.protocol.codec.DenseFramesTest.trickyFloats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The layouts of STATE bodies (docs/PROTOCOL.md, STATE): {@code u8 kind}, then request ids, worker clocks, a dense
 * run or sparse rows, each exactly as long as its counts say.
 */
class StateFramesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static void assertStateHeader(ByteBuf f, long requestId, int tableId, int kind) {
        assertThat(FrameHeader.typeId(f)).isEqualTo(MessageType.STATE.id).isEqualTo(26);
        assertThat(FrameHeader.flags(f)).as("a request").isZero();
        assertThat(FrameHeader.requestId(f)).isEqualTo(requestId);
        assertThat(FrameHeader.tableId(f)).isEqualTo(tableId);
        assertThat(FrameHeader.clock(f)).isZero();
        assertThat(f.getIntLE(FrameHeader.LENGTH_OFFSET)).as("length field").isEqualTo(f.readableBytes() - 4);
        assertThat(StateFrames.kind(f)).isEqualTo(kind);
        assertThat((int) f.getUnsignedByte(FrameHeader.SIZE)).as("kind is the body's first byte").isEqualTo(kind);
    }

    @Test
    void kindsAndPrefixesAreTheWireValues() {
        assertThat(StateFrames.KIND_REQUEST_IDS).isEqualTo(1);
        assertThat(StateFrames.KIND_CLOCKS).isEqualTo(2);
        assertThat(StateFrames.KIND_DENSE_RUN).isEqualTo(3);
        assertThat(StateFrames.KIND_SPARSE_ROWS).isEqualTo(4);
        assertThat(StateFrames.DENSE_PREFIX).as("u8 kind, i32 slice, i64 step, i32 at, i32 count, u8 slots")
                .isEqualTo(22);
        assertThat(StateFrames.SPARSE_PREFIX).as("u8 kind, i32 partition, i32 dim, u8 slots, u8 hasSteps, i32 n")
                .isEqualTo(15);
        assertThat(StateFrames.sparseRowBytes(2, 1, true)).as("key, step, 2 params, 2 of one slot").isEqualTo(32);
        assertThat(StateFrames.sparseRowBytes(2, 1, false)).isEqualTo(24);
        assertThat(StateFrames.sparseRowBytes(8, 0, false)).isEqualTo(40);
        assertThat(StateFrames.sparseRowBytes(3, 2, true)).isEqualTo(8 + 8 + 3 * 4 * 3);
    }

    @Test
    void requestIdsCarryTheFirstNIdsWhole() {
        long[] ids = {(1L << 40) | 41, Long.MIN_VALUE, -1L, 7L, 99L};
        ByteBuf f = StateFrames.encodeRequestIds(ALLOC, 2044L, ids, 4);
        try {
            assertStateHeader(f, 2044L, 0, StateFrames.KIND_REQUEST_IDS);
            int body = FrameHeader.bodyIndex(f);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(1 + 4 + 8 * 4);
            assertThat(f.getIntLE(body + 1)).as("n").isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                assertThat(f.getLongLE(body + 5 + 8 * i)).as("id %d", i).isEqualTo(ids[i]);
            }
        } finally {
            f.release();
        }
        ByteBuf none = StateFrames.encodeRequestIds(ALLOC, 1L, ids, 0);
        try {
            assertStateHeader(none, 1L, 0, StateFrames.KIND_REQUEST_IDS);
            assertThat(FrameHeader.bodyLength(none)).as("kind and n = 0").isEqualTo(5);
            assertThat(none.getIntLE(FrameHeader.bodyIndex(none) + 1)).isZero();
        } finally {
            none.release();
        }
    }

    @Test
    void clocksArePairsOfWorkerAndClock() {
        int[] workers = {0, 2, 7};
        int[] clocks = {7, 6, Integer.MIN_VALUE};
        ByteBuf f = StateFrames.encodeClocks(ALLOC, 2041L, workers, clocks);
        try {
            assertStateHeader(f, 2041L, 0, StateFrames.KIND_CLOCKS);
            int body = FrameHeader.bodyIndex(f);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(1 + 4 + 8 * 3);
            assertThat(f.getIntLE(body + 1)).as("n").isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                assertThat(f.getIntLE(body + 5 + 8 * i)).as("worker %d", i).isEqualTo(workers[i]);
                assertThat(f.getIntLE(body + 9 + 8 * i)).as("clock %d", i).isEqualTo(clocks[i]);
            }
        } finally {
            f.release();
        }
        ByteBuf none = StateFrames.encodeClocks(ALLOC, 3L, new int[0], new int[0]);
        try {
            assertThat(FrameHeader.bodyLength(none)).isEqualTo(5);
        } finally {
            none.release();
        }
    }

    @Test
    void aDenseRunIsItsPrefixThenParametersThenOneBlockPerStateSlot() {
        int count = 5;
        int slots = 2;
        float[] values = trickyFloats(count * (1 + slots), 3);
        ByteBuf f = StateFrames.allocateDenseRun(ALLOC, 2043L, 6, 4, 1L << 33, 1 << 20, count, slots);
        try {
            assertThat(f.writerIndex()).as("the prefix is written, the floats are the caller's")
                    .isEqualTo(FrameHeader.SIZE + StateFrames.DENSE_PREFIX);
            Floats.write(f, values, 0, values.length);
            FrameHeader.finish(f);
            assertStateHeader(f, 2043L, 6, StateFrames.KIND_DENSE_RUN);
            int body = FrameHeader.bodyIndex(f);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(StateFrames.DENSE_PREFIX + count * 4 * (1 + slots))
                    .isEqualTo(22 + 60);
            assertThat(f.getIntLE(body + 1)).as("slice").isEqualTo(4);
            assertThat(f.getLongLE(body + 5)).as("step").isEqualTo(1L << 33);
            assertThat(f.getIntLE(body + 13)).as("at").isEqualTo(1 << 20);
            assertThat(f.getIntLE(body + 17)).as("count").isEqualTo(count);
            assertThat((int) f.getUnsignedByte(body + 21)).as("slots").isEqualTo(slots);
            float[] back = new float[values.length];
            Floats.read(f, body + StateFrames.DENSE_PREFIX, back, 0, back.length);
            assertBitsEqual(back, values);
        } finally {
            f.release();
        }
        ByteBuf plain = StateFrames.allocateDenseRun(ALLOC, 1L, 1, 0, 0L, 0, 3, 0);
        try {
            Floats.write(plain, new float[] {1f, 2f, 3f}, 0, 3);
            FrameHeader.finish(plain);
            assertThat(FrameHeader.bodyLength(plain)).as("no state slot: parameters only").isEqualTo(22 + 12);
            assertThat((int) plain.getUnsignedByte(FrameHeader.bodyIndex(plain) + 21)).isZero();
        } finally {
            plain.release();
        }
    }

    @Test
    void sparseRowsAreThePrefixThenRowsOfKeyStepParametersAndSlots() {
        int dim = 2;
        int slots = 2;
        long[] keys = {22L, -1L};
        long[] steps = {12L, 3L};
        float[] floats = trickyFloats(keys.length * dim * (1 + slots), 5);
        ByteBuf f = StateFrames.allocateSparseRows(ALLOC, 2045L, 7, 3, dim, slots, true, keys.length);
        try {
            assertThat(f.writerIndex()).isEqualTo(FrameHeader.SIZE + StateFrames.SPARSE_PREFIX);
            for (int i = 0; i < keys.length; i++) {
                f.writeLongLE(keys[i]).writeLongLE(steps[i]);
                Floats.write(f, floats, i * dim * (1 + slots), dim * (1 + slots));
            }
            FrameHeader.finish(f);
            assertStateHeader(f, 2045L, 7, StateFrames.KIND_SPARSE_ROWS);
            int body = FrameHeader.bodyIndex(f);
            int row = StateFrames.sparseRowBytes(dim, slots, true);
            assertThat(FrameHeader.bodyLength(f)).isEqualTo(StateFrames.SPARSE_PREFIX + keys.length * row)
                    .isEqualTo(15 + 2 * 40);
            assertThat(f.getIntLE(body + 1)).as("partition").isEqualTo(3);
            assertThat(f.getIntLE(body + 5)).as("dim").isEqualTo(dim);
            assertThat((int) f.getUnsignedByte(body + 9)).as("slots").isEqualTo(slots);
            assertThat((int) f.getUnsignedByte(body + 10)).as("hasSteps").isEqualTo(1);
            assertThat(f.getIntLE(body + 11)).as("n").isEqualTo(2);
            for (int i = 0; i < keys.length; i++) {
                int at = body + StateFrames.SPARSE_PREFIX + i * row;
                assertThat(f.getLongLE(at)).as("key %d", i).isEqualTo(keys[i]);
                assertThat(f.getLongLE(at + 8)).as("step %d", i).isEqualTo(steps[i]);
                float[] back = new float[dim * (1 + slots)];
                Floats.read(f, at + 16, back, 0, back.length);
                float[] expected = java.util.Arrays.copyOfRange(floats, i * back.length, (i + 1) * back.length);
                assertBitsEqual(back, expected);
            }
        } finally {
            f.release();
        }
        ByteBuf noSteps = StateFrames.allocateSparseRows(ALLOC, 1L, 4, 0, 8, 0, false, 0);
        try {
            FrameHeader.finish(noSteps);
            assertThat(FrameHeader.bodyLength(noSteps)).as("no rows").isEqualTo(StateFrames.SPARSE_PREFIX);
            assertThat((int) noSteps.getUnsignedByte(FrameHeader.bodyIndex(noSteps) + 10)).as("hasSteps").isZero();
            assertThat(StateFrames.kind(noSteps)).isEqualTo(StateFrames.KIND_SPARSE_ROWS);
        } finally {
            noSteps.release();
        }
    }
}
