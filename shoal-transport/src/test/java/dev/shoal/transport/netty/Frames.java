package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Hand-made frames for decoder tests, with any length, version and type. */
final class Frames {
    private Frames() {
    }

    /** A well-formed frame of the given type with {@code body} bytes 0, 1, 2, ... */
    static ByteBuf frame(int type, long requestId, int body) {
        ByteBuf f = Unpooled.buffer();
        FrameHeader.writeHeader(f, type, 0, requestId, 3, 4);
        for (int i = 0; i < body; i++) {
            f.writeByte(i);
        }
        return FrameHeader.finish(f);
    }

    /** A header with raw length, version and type fields, followed by {@code body} zero bytes. */
    static ByteBuf raw(long length, int version, int type, long requestId, int body) {
        ByteBuf f = Unpooled.buffer();
        f.writeIntLE((int) length).writeByte(version).writeByte(type).writeShortLE(0).writeLongLE(requestId)
                .writeIntLE(0).writeIntLE(0).writeZero(body);
        return f;
    }
}
