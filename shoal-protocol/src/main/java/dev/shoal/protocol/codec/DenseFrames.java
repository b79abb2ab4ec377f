package dev.shoal.protocol.codec;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Dense data frames: encoders for the worker, in-place accessors for the server. Values are copied in bulk;
 * nothing is decoded element by element.
 *
 * <pre>{@code
 * ByteBuf push = DenseFrames.encodePush(alloc, MessageType.PUSH_DENSE, id, table, clock, offset, grad, 0, n);
 * // server side
 * long offset = DenseFrames.offset(frame);
 * int count = DenseFrames.count(frame);
 * Floats.read(frame, DenseFrames.valuesIndex(frame), scratch, 0, count);
 * }</pre>
 *
 * <pre>
 * request body  := i64 offset, i32 count, [f32[count] values]      (values for PUSH and PUSH_PULL only)
 * response body := i32 minClock, i32 count, f32[count] values       (PULL and PUSH_PULL)
 * </pre>
 */
public final class DenseFrames {
    public static final int REQUEST_PREFIX = 12;
    public static final int RESPONSE_PREFIX = 8;

    private DenseFrames() {
    }

    public static ByteBuf encodePush(ByteBufAllocator alloc, MessageType type, long requestId, int tableId, int clock,
                                     long offset, float[] src, int srcOff, int count) {
        ByteBuf f = FrameHeader.allocate(alloc, type, requestId, tableId, clock, REQUEST_PREFIX + count * 4);
        f.writeLongLE(offset).writeIntLE(count);
        Floats.write(f, src, srcOff, count);
        return FrameHeader.finish(f);
    }

    public static ByteBuf encodePull(ByteBufAllocator alloc, long requestId, int tableId, int clock, long offset,
                                     int count) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.PULL_DENSE, requestId, tableId, clock, REQUEST_PREFIX);
        f.writeLongLE(offset).writeIntLE(count);
        return FrameHeader.finish(f);
    }

    public static long offset(ByteBuf f) {
        return f.getLongLE(FrameHeader.bodyIndex(f));
    }

    public static int count(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 8);
    }

    public static int valuesIndex(ByteBuf f) {
        return FrameHeader.bodyIndex(f) + REQUEST_PREFIX;
    }

    /**
     * Null when the body is consistent with its type, else what is wrong (the server answers MALFORMED_FRAME).
     */
    public static String checkRequest(ByteBuf f, boolean carriesValues) {
        int body = FrameHeader.bodyLength(f);
        if (body < REQUEST_PREFIX) {
            return "dense body of " + body + " bytes is shorter than its " + REQUEST_PREFIX + "-byte prefix";
        }
        long count = count(f);
        long expected = REQUEST_PREFIX + (carriesValues ? count * 4 : 0);
        if (count < 0 || offset(f) < 0 || body != expected) {
            return "dense body of " + body + " bytes does not match offset " + offset(f) + " count " + count;
        }
        return null;
    }

    /** Starts a pull response; the caller appends {@code count} floats and calls {@link FrameHeader#finish}. */
    public static ByteBuf allocateResponse(ByteBufAllocator alloc, ByteBuf request, int clock, int minClock,
                                           int count) {
        ByteBuf f = FrameHeader.allocateResponse(alloc, request, clock, RESPONSE_PREFIX + count * 4);
        f.writeIntLE(minClock).writeIntLE(count);
        return f;
    }

    public static int responseMinClock(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f));
    }

    public static int responseCount(ByteBuf f) {
        return f.getIntLE(FrameHeader.bodyIndex(f) + 4);
    }

    public static int responseValuesIndex(ByteBuf f) {
        return FrameHeader.bodyIndex(f) + RESPONSE_PREFIX;
    }
}
