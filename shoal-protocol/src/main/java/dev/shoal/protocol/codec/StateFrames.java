package dev.shoal.protocol.codec;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Bodies of STATE frames, with which a server in service hands a rejoining server what it needs to become a
 * replica: the request ids it applied, its workers' clocks, and the state of its units in runs.
 *
 * <pre>{@code
 * ByteBuf f = StateFrames.allocateDenseRun(alloc, id, tableId, slice, step, at, count, slots);
 * Floats.write(f, params, at, count);                       // then each optimizer state slot
 * FrameHeader.finish(f);
 * int kind = StateFrames.kind(frame);                       // on the joining server
 * }</pre>
 *
 * <p>Layouts after the header (little-endian):
 * <pre>
 * STATE           := u8 kind, body
 * kind 1 ids      := i32 n, i64[n] request ids
 * kind 2 clocks   := i32 n, (i32 worker, i32 clock)[n]
 * kind 3 dense    := i32 slice, i64 step, i32 at, i32 count, u8 slots, f32[count] params, f32[count] x slots
 * kind 4 sparse   := i32 partition, i32 dim, u8 slots, u8 hasSteps, i32 n,
 *                    n x (i64 key, [i64 step], f32[dim] params, f32[dim] x slots)
 * </pre>
 */
public final class StateFrames {
    public static final int KIND_REQUEST_IDS = 1;
    public static final int KIND_CLOCKS = 2;
    public static final int KIND_DENSE_RUN = 3;
    public static final int KIND_SPARSE_ROWS = 4;
    /** Bytes of the fixed part of a dense run's body (kind included). */
    public static final int DENSE_PREFIX = 1 + 4 + 8 + 4 + 4 + 1;
    /** Bytes of the fixed part of a sparse run's body (kind included). */
    public static final int SPARSE_PREFIX = 1 + 4 + 4 + 1 + 1 + 4;

    private StateFrames() {
    }

    /** The kind of a STATE frame's body. */
    public static int kind(ByteBuf f) {
        return f.getUnsignedByte(FrameHeader.bodyIndex(f));
    }

    /** A STATE frame of request ids {@code ids[0, n)}, finished. */
    public static ByteBuf encodeRequestIds(ByteBufAllocator alloc, long requestId, long[] ids, int n) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.STATE, requestId, 0, 0, 5 + n * 8);
        f.writeByte(KIND_REQUEST_IDS).writeIntLE(n);
        for (int i = 0; i < n; i++) {
            f.writeLongLE(ids[i]);
        }
        return FrameHeader.finish(f);
    }

    /** A STATE frame of the clocks of workers {@code workers[i]}, {@code clocks[i]}, finished. */
    public static ByteBuf encodeClocks(ByteBufAllocator alloc, long requestId, int[] workers, int[] clocks) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.STATE, requestId, 0, 0, 5 + workers.length * 8);
        f.writeByte(KIND_CLOCKS).writeIntLE(workers.length);
        for (int i = 0; i < workers.length; i++) {
            f.writeIntLE(workers[i]).writeIntLE(clocks[i]);
        }
        return FrameHeader.finish(f);
    }

    /** Starts a dense run; the caller writes {@code count * (1 + slots)} floats and finishes the frame. */
    public static ByteBuf allocateDenseRun(ByteBufAllocator alloc, long requestId, int tableId, int slice, long step,
                                           int at, int count, int slots) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.STATE, requestId, tableId, 0,
                DENSE_PREFIX + count * Float.BYTES * (1 + slots));
        f.writeByte(KIND_DENSE_RUN).writeIntLE(slice).writeLongLE(step).writeIntLE(at).writeIntLE(count)
                .writeByte(slots);
        return f;
    }

    /** Starts a run of {@code n} sparse rows; the caller writes them and finishes the frame. */
    public static ByteBuf allocateSparseRows(ByteBufAllocator alloc, long requestId, int tableId, int partition,
                                             int dim, int slots, boolean hasSteps, int n) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.STATE, requestId, tableId, 0,
                SPARSE_PREFIX + n * sparseRowBytes(dim, slots, hasSteps));
        f.writeByte(KIND_SPARSE_ROWS).writeIntLE(partition).writeIntLE(dim).writeByte(slots)
                .writeByte(hasSteps ? 1 : 0).writeIntLE(n);
        return f;
    }

    /** Bytes of one sparse row in a run. */
    public static int sparseRowBytes(int dim, int slots, boolean hasSteps) {
        return 8 + (hasSteps ? 8 : 0) + dim * Float.BYTES * (1 + slots);
    }
}
