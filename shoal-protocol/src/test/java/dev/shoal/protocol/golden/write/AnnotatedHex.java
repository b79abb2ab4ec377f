package dev.shoal.protocol.golden.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Little-endian bytes written field by field, each with a comment naming its offset, type, name and value: the
 * text of a golden {@code .hex} file. It knows nothing of Shoal's Java encoders, so that what it writes is a second,
 * independent reading of docs/PROTOCOL.md.
 *
 * <pre>{@code
 * AnnotatedHex h = new AnnotatedHex(24);      // the body starts at offset 24
 * h.i32("count", 3, "");
 * String text = h.text();                      // "03000000            # 24  i32 count = 3"
 * }</pre>
 */
final class AnnotatedHex {
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes shown per line; longer fields continue on the next lines. */
    private static final int PER_LINE = 16;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int start;

    AnnotatedHex(int start) {
        this.start = start;
    }

    void comment(String line) {
        text.append("# ").append(line).append('\n');
    }

    void u8(String name, int v, String note) {
        field("u8", name, new byte[] {(byte) v}, v + note);
    }

    void u16(String name, int v, String note) {
        field("u16", name, new byte[] {(byte) v, (byte) (v >>> 8)}, v + note);
    }

    void i32(String name, int v, String note) {
        field("i32", name, le(v, 4), v + note);
    }

    void i64(String name, long v, String note) {
        field("i64", name, le(v, 8), v + note);
    }

    /** An f32 given by its bits; the comment shows the value as Java prints it. */
    void f32(String name, int bits) {
        float v = Float.intBitsToFloat(bits);
        field("f32", name, le(bits, 4), String.format("0x%08x = %s", bits, v));
    }

    void str(String name, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u16(name + ".len", utf8.length, " bytes of UTF-8");
        if (utf8.length > 0) {
            field("utf8", name, utf8, "\"" + s + "\"");
        }
    }

    void raw(String name, byte[] b) {
        if (b.length > 0) {
            field("bytes", name, b, b.length + " bytes");
        }
    }

    /** Appends what {@code other} wrote (it must have started where this one ends). */
    void append(AnnotatedHex other) {
        if (other.start != start + size()) {
            throw new IllegalStateException("appending bytes written for offset " + other.start + " at " + offsetNow());
        }
        text.append(other.text);
        bytes.writeBytes(other.bytes.toByteArray());
    }

    /** The offset of the next field. */
    int end() {
        return offsetNow();
    }

    int size() {
        return bytes.size();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    String text() {
        return text.toString();
    }

    private int offsetNow() {
        return start + bytes.size();
    }

    private void field(String type, String name, byte[] b, String value) {
        int at = offsetNow();
        for (int from = 0; from < b.length; from += PER_LINE) {
            String hex = HEX.formatHex(b, from, Math.min(b.length, from + PER_LINE));
            if (from == 0) {
                text.append(String.format("%-34s# %-4d %-5s %s = %s", hex, at, type, name, value));
            } else {
                text.append(hex);
            }
            text.append('\n');
        }
        bytes.writeBytes(b);
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
