package dev.shoal.protocol.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads the golden files under {@code src/test/resources/golden/}: the manifests ({@code frames.json},
 * {@code partitioner.json}, {@code slicing.json}) and the {@code .hex} frames, in the language-neutral conventions
 * docs/PROTOCOL.md states (i64 as decimal strings, f32 as the hex of their IEEE-754 bits).
 *
 * <pre>{@code
 * JsonNode frames = GoldenFiles.json("frames.json");
 * byte[] bytes = GoldenFiles.hex("frames/clock.request.hex");
 * float lr = GoldenFiles.f32(spec.get("optimizer").get("lr"));      // "3dcccccd" -> 0.1f
 * }</pre>
 */
public final class GoldenFiles {
    /** Where the files live in the source tree (Maven runs tests in the module directory); the generator writes here. */
    public static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private GoldenFiles() {
    }

    /** A manifest, read from the test classpath. */
    public static JsonNode json(String name) {
        try (InputStream in = open(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden/" + name, e);
        }
    }

    /** The bytes of a {@code .hex} file, read from the test classpath. */
    public static byte[] hex(String name) {
        try (InputStream in = open(name)) {
            return parseHex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden/" + name, e);
        }
    }

    /**
     * The bytes a {@code .hex} text stands for: {@code #} starts a comment that runs to the end of the line,
     * whitespace is ignored, everything else must be pairs of lowercase hex digits.
     */
    public static byte[] parseHex(String text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String code = hash < 0 ? line : line.substring(0, hash);
            for (int i = 0; i < code.length(); i++) {
                char c = code.charAt(i);
                if (Character.isWhitespace(c)) {
                    continue;
                }
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    throw new IllegalArgumentException("'" + c + "' is not a lowercase hex digit in line: " + line);
                }
                digits.append(c);
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ")");
        }
        return HEX.parseHex(digits);
    }

    /** An i64 written as a decimal string. */
    public static long i64(JsonNode n) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException("an i64 must be a decimal string, got " + n);
        }
        return Long.parseLong(n.asText());
    }

    /** An f32 written as the 8 lowercase hex digits of its IEEE-754 bits (exact, NaN and -0 included). */
    public static float f32(JsonNode n) {
        String s = n.asText();
        if (!n.isTextual() || s.length() != 8) {
            throw new IllegalArgumentException("an f32 must be 8 hex digits of its bits, got " + n);
        }
        return Float.intBitsToFloat(Integer.parseUnsignedInt(s, 16));
    }

    /** The manifest form of an f32. */
    public static String bits(float v) {
        return String.format("%08x", Float.floatToRawIntBits(v));
    }

    /** An array of f32 bit strings. */
    public static float[] f32s(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f32(array.get(i));
        }
        return out;
    }

    /** An array of i64 decimal strings. */
    public static long[] i64s(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i64(array.get(i));
        }
        return out;
    }

    /** An array of JSON integers. */
    public static int[] i32s(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    private static InputStream open(String name) {
        InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no golden/" + name + " on the test classpath");
        }
        return in;
    }
}
