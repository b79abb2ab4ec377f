package dev.shoal.bench.json;

/**
 * A minimal streaming JSON writer: objects, arrays, strings, numbers and booleans, commas placed automatically.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject()
 *         .name("mode").value("dense")
 *         .name("gbps").value(2.91)
 *         .name("runs").beginArray().value(1).value(2).endArray()
 *         .endObject().toString();   // {"mode":"dense","gbps":2.91,"runs":[1,2]}
 * }</pre>
 *
 * <p>Non-finite doubles are written as {@code null}, since JSON has no NaN. Nesting is tracked with a bit stack
 * (up to 64 levels), enough for bench reports without pulling in a JSON library.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    /** Bit i is set when level i already holds an element, so the next one needs a comma. */
    private long hasElement;
    private int depth;
    private boolean afterName;

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long v) {
        separate();
        out.append(v);
        return this;
    }

    public JsonWriter value(double v) {
        separate();
        if (Double.isFinite(v)) {
            out.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        } else {
            out.append("null");
        }
        return this;
    }

    public JsonWriter value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    /** Writes {@code values} as an array of numbers. */
    public JsonWriter array(long[] values) {
        beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    /** Writes {@code values} as an array of numbers. */
    public JsonWriter array(double[] values) {
        beginArray();
        for (double v : values) {
            value(v);
        }
        return endArray();
    }

    private void open(char c) {
        separate();
        if (depth == 63) {
            throw new IllegalStateException("JSON nested too deeply");
        }
        out.append(c);
        depth++;
        hasElement &= ~(1L << depth);
    }

    private void close(char c) {
        if (depth == 0 || afterName) {
            throw new IllegalStateException("unbalanced JSON: cannot write '" + c + "' here");
        }
        out.append(c);
        depth--;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if ((hasElement & (1L << depth)) != 0) {
            out.append(',');
        }
        hasElement |= 1L << depth;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The JSON written so far; complete once every object and array is closed. */
    @Override
    public String toString() {
        return out.toString();
    }
}
