package dev.shoal.protocol.codec;

import static dev.shoal.protocol.codec.DenseFramesTest.assertBitsEqual;
import static dev.shoal.protocol.codec.DenseFramesTest.trickyFloats;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FloatsTest {

    /** Heap and direct, pooled and unpooled, each starting small so writes must grow it. */
    private static List<Supplier<ByteBuf>> buffers() {
        return List.of(
                () -> Unpooled.buffer(8),
                () -> Unpooled.directBuffer(8),
                () -> PooledByteBufAllocator.DEFAULT.heapBuffer(8),
                () -> PooledByteBufAllocator.DEFAULT.directBuffer(8));
    }

    @Test
    void writeAppendsLittleEndianAtTheWriterIndexWithSourceOffset() {
        float[] src = trickyFloats(64, 1);
        for (Supplier<ByteBuf> make : buffers()) {
            ByteBuf b = make.get();
            try {
                b.writeByte(0x5A); // odd writer index: unaligned copy
                Floats.write(b, src, 10, 40);
                b.writeByte(0xA5);
                assertThat(b.readableBytes()).isEqualTo(1 + 160 + 1);
                assertThat(b.getByte(0)).isEqualTo((byte) 0x5A);
                assertThat(b.getByte(161)).isEqualTo((byte) 0xA5);
                for (int i = 0; i < 40; i++) {
                    assertThat(b.getIntLE(1 + 4 * i)).as("%s element %d", b, i)
                            .isEqualTo(Float.floatToRawIntBits(src[10 + i]));
                }
            } finally {
                b.release();
            }
        }
    }

    @Test
    void readCopiesIntoTheDestinationOffsetAndLeavesIndicesAlone() {
        float[] src = trickyFloats(50, 2);
        for (Supplier<ByteBuf> make : buffers()) {
            ByteBuf b = make.get();
            try {
                b.writeZero(3);
                for (float f : src) {
                    b.writeIntLE(Float.floatToRawIntBits(f));
                }
                b.readerIndex(1);
                int ri = b.readerIndex();
                int wi = b.writerIndex();
                float[] dst = new float[70];
                Arrays.fill(dst, 7f);
                Floats.read(b, 3 + 4 * 5, dst, 12, 30);
                assertThat(b.readerIndex()).isEqualTo(ri);
                assertThat(b.writerIndex()).isEqualTo(wi);
                assertBitsEqual(Arrays.copyOfRange(dst, 12, 42), Arrays.copyOfRange(src, 5, 35));
                for (int i = 0; i < 70; i++) {
                    if (i < 12 || i >= 42) {
                        assertThat(dst[i]).as("untouched %d", i).isEqualTo(7f);
                    }
                }
            } finally {
                b.release();
            }
        }
    }

    @Test
    void longsRoundTripWithOffsets() {
        Random rnd = new Random(3);
        long[] src = new long[100];
        for (int i = 0; i < src.length; i++) {
            src[i] = rnd.nextLong();
        }
        src[7] = Long.MIN_VALUE;
        src[8] = -1;
        for (Supplier<ByteBuf> make : buffers()) {
            ByteBuf b = make.get();
            try {
                b.writeZero(5);
                Floats.writeLongs(b, src, 7, 80);
                assertThat(b.writerIndex()).isEqualTo(5 + 640);
                for (int i = 0; i < 80; i++) {
                    assertThat(b.getLongLE(5 + 8 * i)).isEqualTo(src[7 + i]);
                }
                long[] dst = new long[90];
                Floats.readLongs(b, 5 + 8 * 3, dst, 4, 70);
                assertThat(Arrays.copyOfRange(dst, 4, 74)).containsExactly(Arrays.copyOfRange(src, 10, 80));
                assertThat(dst[3]).isZero();
                assertThat(dst[74]).isZero();
            } finally {
                b.release();
            }
        }
    }

    @Test
    void viewSharesMemoryWithTheBuffer() {
        for (Supplier<ByteBuf> make : buffers()) {
            ByteBuf b = make.get();
            try {
                b.writeZero(4 + 40);
                FloatBuffer v = Floats.view(b, 4, 10);
                assertThat(v.remaining()).isEqualTo(10);
                v.put(3, -0.0f);
                assertThat(b.getIntLE(4 + 12)).isEqualTo(0x80000000);
                b.setIntLE(4 + 36, Float.floatToRawIntBits(2.5f));
                assertThat(v.get(9)).isEqualTo(2.5f);
            } finally {
                b.release();
            }
        }
    }

    @Test
    void zeroLengthCopiesAreNoOps() {
        ByteBuf b = Unpooled.buffer(0);
        Floats.write(b, new float[3], 3, 0);
        Floats.writeLongs(b, new long[0], 0, 0);
        assertThat(b.writerIndex()).isZero();
        Floats.read(b, 0, new float[1], 1, 0);
    }
}
