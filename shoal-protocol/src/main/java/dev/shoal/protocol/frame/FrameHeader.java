package dev.shoal.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The 24-byte header that starts every Shoal frame, and static accessors that read and write it in place on a
 * {@link ByteBuf} (no header object is made per message).
 *
 * <pre>{@code
 * ByteBuf f = FrameHeader.allocate(alloc, MessageType.PULL_DENSE, requestId, tableId, clock, 12);
 * f.writeLongLE(offset).writeIntLE(count);
 * FrameHeader.finish(f);            // fills in the length field
 * }</pre>
 *
 * <p>Frame layout, all fields little-endian:
 * <pre>
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +---------------------------------------------------------------+
 * |                 length (i32): bytes after this field          |  0
 * +---------------+---------------+-------------------------------+
 * |  version (u8) |   type (u8)   |          flags (u16)          |  4
 * +---------------+---------------+-------------------------------+
 * |                                                               |  8
 * +                     request id (i64)                          +
 * |                                                               | 12
 * +---------------------------------------------------------------+
 * |                       table id (i32)                          | 16
 * +---------------------------------------------------------------+
 * |                        clock (i32)                            | 20
 * +---------------------------------------------------------------+
 * |                  body (see MessageType) ...                   | 24
 * </pre>
 * Flags: bit 0 response, bit 1 error (body is {@code u16 code, str message}), bit 2 notification (no reply).
 * A response copies the request's id and type. Request id 0 is reserved for notifications.
 */
public final class FrameHeader {
    /** The only wire version so far; a peer refuses any other with UNSUPPORTED_VERSION. */
    public static final int VERSION = 1;
    public static final int LENGTH_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 5;
    public static final int FLAGS_OFFSET = 6;
    public static final int REQUEST_ID_OFFSET = 8;
    public static final int TABLE_ID_OFFSET = 16;
    public static final int CLOCK_OFFSET = 20;
    /** Size of the header, and offset of the body. */
    public static final int SIZE = 24;
    /** Bytes of the length field, which does not count itself. */
    public static final int LENGTH_FIELD_SIZE = 4;

    public static final int FLAG_RESPONSE = 1;
    public static final int FLAG_ERROR = 1 << 1;
    public static final int FLAG_NOTIFICATION = 1 << 2;

    /** Default largest frame (header included) a peer accepts: 64 MiB + header. */
    public static final int DEFAULT_MAX_FRAME_BYTES = (64 << 20) + SIZE;

    private FrameHeader() {
    }

    /**
     * Allocates a direct buffer for a frame with {@code bodyBytes} of body and writes the header; the caller writes
     * the body and calls {@link #finish(ByteBuf)}.
     */
    public static ByteBuf allocate(ByteBufAllocator alloc, MessageType type, long requestId, int tableId, int clock,
                                   int bodyBytes) {
        ByteBuf buf = alloc.directBuffer(SIZE + bodyBytes);
        writeHeader(buf, type.id, 0, requestId, tableId, clock);
        return buf;
    }

    /** Writes a header at the buffer's writer index; length is filled in later by {@link #finish}. */
    public static void writeHeader(ByteBuf buf, int typeId, int flags, long requestId, int tableId, int clock) {
        buf.writeIntLE(0);
        buf.writeByte(VERSION);
        buf.writeByte(typeId);
        buf.writeShortLE(flags);
        buf.writeLongLE(requestId);
        buf.writeIntLE(tableId);
        buf.writeIntLE(clock);
    }

    /** Sets the length field from the bytes written; returns the buffer. */
    public static ByteBuf finish(ByteBuf frame) {
        frame.setIntLE(frame.readerIndex() + LENGTH_OFFSET, frame.readableBytes() - LENGTH_FIELD_SIZE);
        return frame;
    }

    /**
     * Starts a response to {@code request}: same type, id and table, flag RESPONSE, the given clock.
     */
    public static ByteBuf allocateResponse(ByteBufAllocator alloc, ByteBuf request, int clock, int bodyBytes) {
        ByteBuf buf = alloc.directBuffer(SIZE + bodyBytes);
        writeHeader(buf, typeId(request), FLAG_RESPONSE, requestId(request), tableId(request), clock);
        return buf;
    }

    public static int version(ByteBuf f) {
        return f.getUnsignedByte(f.readerIndex() + VERSION_OFFSET);
    }

    public static int typeId(ByteBuf f) {
        return f.getUnsignedByte(f.readerIndex() + TYPE_OFFSET);
    }

    public static int flags(ByteBuf f) {
        return f.getUnsignedShortLE(f.readerIndex() + FLAGS_OFFSET);
    }

    public static long requestId(ByteBuf f) {
        return f.getLongLE(f.readerIndex() + REQUEST_ID_OFFSET);
    }

    public static int tableId(ByteBuf f) {
        return f.getIntLE(f.readerIndex() + TABLE_ID_OFFSET);
    }

    public static int clock(ByteBuf f) {
        return f.getIntLE(f.readerIndex() + CLOCK_OFFSET);
    }

    public static boolean isResponse(ByteBuf f) {
        return (flags(f) & FLAG_RESPONSE) != 0;
    }

    public static boolean isError(ByteBuf f) {
        return (flags(f) & FLAG_ERROR) != 0;
    }

    public static boolean isNotification(ByteBuf f) {
        return (flags(f) & FLAG_NOTIFICATION) != 0;
    }

    /** Absolute index of the body's first byte. */
    public static int bodyIndex(ByteBuf f) {
        return f.readerIndex() + SIZE;
    }

    /** Bytes of body in a complete frame. */
    public static int bodyLength(ByteBuf f) {
        return f.readableBytes() - SIZE;
    }

    /** A one-line description for logs: {@code PUSH_DENSE#17 table 3 clock 5 (4194328 bytes)}. */
    public static String describe(ByteBuf f) {
        if (f.readableBytes() < SIZE) {
            return "truncated frame (" + f.readableBytes() + " bytes)";
        }
        MessageType t = MessageType.ofId(typeId(f));
        return (t == null ? "type " + typeId(f) : t.name()) + "#" + requestId(f) + " table " + tableId(f)
                + " clock " + clock(f) + " (" + f.readableBytes() + " bytes)";
    }
}
