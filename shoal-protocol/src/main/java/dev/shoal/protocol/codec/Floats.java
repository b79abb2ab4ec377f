package dev.shoal.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Bulk copies between Java arrays and little-endian values in a {@link ByteBuf}: one intrinsic copy per call,
 * no per-element work (on little-endian hardware the copy is a memcpy).
 *
 * <pre>{@code
 * Floats.write(frame, grad, 0, grad.length);           // appends at the writer index
 * Floats.read(frame, valuesIndex, out, 0, count);      // absolute index, reader index untouched
 * }</pre>
 */
public final class Floats {
    private Floats() {
    }

    /** Appends {@code n} floats of {@code src} from {@code off} at the writer index. */
    public static void write(ByteBuf buf, float[] src, int off, int n) {
        int bytes = n * Float.BYTES;
        buf.ensureWritable(bytes);
        buf.nioBuffer(buf.writerIndex(), bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(src, off, n);
        buf.writerIndex(buf.writerIndex() + bytes);
    }

    /** Copies {@code n} floats starting at absolute byte {@code index} into {@code dst} from {@code off}. */
    public static void read(ByteBuf buf, int index, float[] dst, int off, int n) {
        buf.nioBuffer(index, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, n);
    }

    /** A little-endian float view of {@code n} floats at absolute byte {@code index} (shares memory). */
    public static FloatBuffer view(ByteBuf buf, int index, int n) {
        return buf.nioBuffer(index, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** Appends {@code n} longs of {@code src} from {@code off} at the writer index. */
    public static void writeLongs(ByteBuf buf, long[] src, int off, int n) {
        int bytes = n * Long.BYTES;
        buf.ensureWritable(bytes);
        buf.nioBuffer(buf.writerIndex(), bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(src, off, n);
        buf.writerIndex(buf.writerIndex() + bytes);
    }

    /** Copies {@code n} longs at absolute byte {@code index} into {@code dst} from {@code off}. */
    public static void readLongs(ByteBuf buf, int index, long[] dst, int off, int n) {
        buf.nioBuffer(index, n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(dst, off, n);
    }

    /** Floats per step of {@link #readFinite}: 64 KiB, so each step is checked while it is still in L1/L2. */
    private static final int CHECK_STEP = 16 << 10;

    /**
     * {@link #read(ByteBuf, int, float[], int, int)} that also tells whether every value is finite, checking
     * each 64 KiB as soon as it is copied, while it is still in cache, rather than in a second pass over memory.
     */
    public static boolean readFinite(ByteBuf buf, int index, float[] dst, int off, int n) {
        int bad = 0;
        for (int done = 0; done < n; done += CHECK_STEP) {
            int step = Math.min(CHECK_STEP, n - done);
            read(buf, index + done * Float.BYTES, dst, off + done, step);
            bad |= allFinite(dst, off + done, step) ? 0 : 1;
        }
        return bad == 0;
    }

    /**
     * True when none of {@code v[off, off+n)} is NaN or infinite. Integer arithmetic on the bits, so the loop
     * vectorizes: an exponent of all ones (NaN, Inf) plus one carries into the sign bit, finite ones never do.
     */
    public static boolean allFinite(float[] v, int off, int n) {
        int acc = 0;
        for (int i = off; i < off + n; i++) {
            acc |= (Float.floatToRawIntBits(v[i]) & 0x7f800000) + 0x00800000;
        }
        return acc >= 0;
    }

    /** Index of the first NaN or infinite value in {@code v[off, off+n)}, or -1. */
    public static int firstNonFinite(float[] v, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (!Float.isFinite(v[i])) {
                return i;
            }
        }
        return -1;
    }
}
