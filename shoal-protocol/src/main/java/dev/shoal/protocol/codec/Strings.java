package dev.shoal.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of a string: u16 byte length, then UTF-8. Control messages only, never on the data path.
 *
 * <pre>{@code
 * Strings.write(buf, "127.0.0.1");
 * String host = Strings.read(buf);   // advances the reader index
 * }</pre>
 */
public final class Strings {
    /** Longest encoded string. */
    public static final int MAX_BYTES = 0xFFFF;

    private Strings() {
    }

    public static void write(ByteBuf buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_BYTES) {
            throw new IllegalArgumentException("string too long for the wire: " + b.length + " bytes");
        }
        buf.writeShortLE(b.length);
        buf.writeBytes(b);
    }

    /** Reads a string; throws {@link IndexOutOfBoundsException} when the buffer is truncated. */
    public static String read(ByteBuf buf) {
        int n = buf.readUnsignedShortLE();
        if (n > buf.readableBytes()) {
            throw new IndexOutOfBoundsException("string of " + n + " bytes but only " + buf.readableBytes() + " left");
        }
        String s = buf.toString(buf.readerIndex(), n, StandardCharsets.UTF_8);
        buf.skipBytes(n);
        return s;
    }
}
