package dev.shoal.bench.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON parser for the lines bench workers print: objects become {@code Map<String, Object>}, arrays
 * {@code List<Object>}, numbers {@code Double}, plus {@code String}, {@code Boolean} and {@code null}.
 *
 * <pre>{@code
 * Map<String, Object> o = JsonParser.object(JsonParser.parse("{\"ops\":12,\"runs\":[1,2]}"));
 * long ops = JsonParser.longOf(o, "ops");
 * long[] runs = JsonParser.longsOf(o, "runs");
 * }</pre>
 *
 * <p>Errors name the offset and what was expected, because a worker that died mid-line is the usual culprit.
 */
public final class JsonParser {
    private final String s;
    private int pos;

    private JsonParser(String s) {
        this.s = s;
    }

    /** Parses one JSON value; trailing non-blank text is an error. */
    public static Object parse(String text) {
        JsonParser p = new JsonParser(text);
        Object v = p.value();
        p.skipBlanks();
        if (p.pos != text.length()) {
            throw p.error("end of input");
        }
        return v;
    }

    /** {@code v} as an object, or an error saying it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("expected a JSON object, got " + v);
    }

    /** The member {@code key} of {@code o} as an object. */
    public static Map<String, Object> objectOf(Map<String, Object> o, String key) {
        return object(member(o, key));
    }

    /** The member {@code key} of {@code o} as a list. */
    public static List<Object> listOf(Map<String, Object> o, String key) {
        if (member(o, key) instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("member '" + key + "' is not an array in " + o);
    }

    public static double doubleOf(Map<String, Object> o, String key) {
        if (member(o, key) instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("member '" + key + "' is not a number in " + o);
    }

    public static long longOf(Map<String, Object> o, String key) {
        return (long) doubleOf(o, key);
    }

    public static String stringOf(Map<String, Object> o, String key) {
        if (member(o, key) instanceof String v) {
            return v;
        }
        throw new IllegalArgumentException("member '" + key + "' is not a string in " + o);
    }

    /** The member {@code key} of {@code o} as an array of whole numbers. */
    public static long[] longsOf(Map<String, Object> o, String key) {
        List<Object> l = listOf(o, key);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Double d)) {
                throw new IllegalArgumentException("member '" + key + "' holds a non-number: " + l.get(i));
            }
            out[i] = d.longValue();
        }
        return out;
    }

    private static Object member(Map<String, Object> o, String key) {
        if (!o.containsKey(key)) {
            throw new IllegalArgumentException("missing member '" + key + "' in " + o.keySet());
        }
        return o.get(key);
    }

    private Object value() {
        skipBlanks();
        if (pos >= s.length()) {
            throw error("a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> objectValue();
            case '[' -> arrayValue();
            case '"' -> stringValue();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> numberValue();
        };
    }

    private Map<String, Object> objectValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        if (peekIs('}')) {
            pos++;
            return m;
        }
        do {
            skipBlanks();
            if (!peekIs('"')) {
                throw error("a member name");
            }
            String name = stringValue();
            expect(':');
            m.put(name, value());
        } while (nextIsComma('}'));
        return m;
    }

    private List<Object> arrayValue() {
        List<Object> l = new ArrayList<>();
        pos++;
        if (peekIs(']')) {
            pos++;
            return l;
        }
        do {
            l.add(value());
        } while (nextIsComma(']'));
        return l;
    }

    /** After an element: true on a comma, false on {@code close}, error otherwise. */
    private boolean nextIsComma(char close) {
        skipBlanks();
        if (pos < s.length() && (s.charAt(pos) == ',' || s.charAt(pos) == close)) {
            return s.charAt(pos++) == ',';
        }
        throw error("',' or '" + close + "'");
    }

    private String stringValue() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("four hex digits");
                    }
                    b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> b.append(e);
            }
        }
        throw error("a closing quote");
    }

    private Double numberValue() {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("a value");
        }
        try {
            return Double.parseDouble(s.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("a number");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw error("'" + word + "'");
        }
        pos += word.length();
        return v;
    }

    private void expect(char c) {
        skipBlanks();
        if (!peekIs(c)) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private boolean peekIs(char c) {
        skipBlanks();
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void skipBlanks() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String near = s.substring(pos, Math.min(s.length(), pos + 20));
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": expected " + expected + ", found '"
                + near + "'");
    }
}
