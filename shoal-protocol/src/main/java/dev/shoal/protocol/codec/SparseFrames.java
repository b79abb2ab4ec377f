package dev.shoal.protocol.codec;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Sparse data frames: rows addressed by {@code long} keys. Keys and values are copied in bulk.
 *
 * <pre>{@code
 * ByteBuf f = SparseFrames.encodePush(alloc, MessageType.PUSH_SPARSE, id, table, clock, keys, 0, n, dim, grads, 0);
 * // server side
 * Floats.readLongs(f, SparseFrames.keysIndex(f), keyScratch, 0, SparseFrames.keyCount(f));
 * }</pre>
 *
 * <pre>
 * request body  := i32 n, i32 dim, i64[n] keys, [f32[n*dim] values]   (values for PUSH and PUSH_PULL only)
 * response body := i32 minClock, i32 n, i32 dim, f32[n*dim] values     (PULL and PUSH_PULL)
 * </pre>
 */
public final class SparseFrames {
    public static final int REQUEST_PREFIX = 8;
    public static final int RESPONSE_PREFIX = 12;
    /** Most keys one frame may carry; a client splits larger requests, a server refuses them (TOO_MANY_KEYS). */
    public static final int MAX_KEYS_PER_FRAME = 1 << 20;

    private SparseFrames() {
    }

    public static ByteBuf encodePush(ByteBufAllocator alloc, MessageType type, long requestId, int tableId, int clock,
                                     long[] keys, int kOff, int n, int dim, float[] values, int vOff) {
        ByteBuf f = FrameHeader.allocate(alloc, type, requestId, tableId, clock, REQUEST_PREFIX + n * 8 + n * dim * 4);
        f.writeIntLE(n).writeIntLE(dim);
        Floats.writeLongs(f, keys, kOff, n);
        Floats.write(f, values, vOff, n * dim);
        return FrameHeader.finish(f);
    }

    public static ByteBuf encodePull(ByteBufAllocator alloc, long requestId, int tableId, int clock, long[] keys,
                                     int kOff, int n, int dim) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.PULL_SPARSE, requestId, tableId, clock,
                REQUEST_PREFIX + n * 8);
        f.writeIntLE(n).writeIntLE(dim);
        Floats.writeLongs(f, keys, kOff, n);
        return FrameHeader.finish(f);
    }

    public static int keyCount(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f));
    }

    public static int dim(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 4);
    }

    public static int keysIndex(ByteBuf f) {
        return FrameHeader.bodyIndex(f) + REQUEST_PREFIX;
    }

    public static int valuesIndex(ByteBuf f) {
        return keysIndex(f) + keyCount(f) * 8;
    }

    /** Null when the body is consistent with its type, else what is wrong. */
    public static String checkRequest(ByteBuf f, boolean carriesValues) {
        int body = FrameHeader.bodyLength(f);
        if (body < REQUEST_PREFIX) {
            return "sparse body of " + body + " bytes is shorter than its " + REQUEST_PREFIX + "-byte prefix";
        }
        long n = keyCount(f);
        long dim = dim(f);
        long expected = REQUEST_PREFIX + n * 8 + (carriesValues ? n * dim * 4 : 0);
        if (n < 0 || dim <= 0 || body != expected) {
            return "sparse body of " + body + " bytes does not match " + n + " keys of dim " + dim;
        }
        return null;
    }

    /** Starts a pull response; the caller appends {@code n*dim} floats and calls {@link FrameHeader#finish}. */
    public static ByteBuf allocateResponse(ByteBufAllocator alloc, ByteBuf request, int clock, int minClock, int n,
                                           int dim) {
        ByteBuf f = FrameHeader.allocateResponse(alloc, request, clock, RESPONSE_PREFIX + n * dim * 4);
        f.writeIntLE(minClock).writeIntLE(n).writeIntLE(dim);
        return f;
    }

    public static int responseMinClock(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f));
    }

    public static int responseKeyCount(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 4);
    }

    public static int responseDim(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 8);
    }

    public static int responseValuesIndex(ByteBuf f) {
        return FrameHeader.bodyIndex(f) + RESPONSE_PREFIX;
    }
}
