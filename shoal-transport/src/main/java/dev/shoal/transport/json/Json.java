package dev.shoal.transport.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The one JSON mapper of Shoal: files ({@code summary.json}, {@code runs.json}, node status files, training
 * events), result lines and HTTP answers ({@code /stats}, {@code /health}); Jackson, configured once so that
 * everything Shoal writes follows the same rules. It lives in shoal-transport, the lowest module whose nodes
 * write JSON.
 *
 * <pre>{@code
 * String line = Json.compact(result);                          // {"worker":0,"mode":"dense",...}
 * WorkerResult back = Json.read(line, WorkerResult.class);
 * Files.writeString(file, Json.pretty(summary));               // a field a line, ending with a line break
 * }</pre>
 *
 * <p>Rules: JSON has no NaN or infinity, so a non-finite number is written as {@code null} (an unreached target,
 * a percentile of no samples, a diverged loss), and a {@code null} read into a {@code double} is NaN, so the
 * round trip keeps "not a number"; non-ASCII characters are written as backslash-u escapes, so the output is ASCII
 * and can be embedded anywhere (U+2028 would otherwise end a line in JavaScript); unknown members are refused by
 * {@link #read}, because a file read back is one this version wrote, and ignored by {@link #readTolerant}, for
 * documents another node (perhaps of a newer version) serves, such as a server's {@code /stats}.
 */
public final class Json {

    /** The configured mapper, for callers that need a reader or writer of their own. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull())
                    .addSerializer(double[].class, new FiniteArray())
                    .addDeserializer(Double.TYPE, new NullAsNaN()))
            .build();
    private static final ObjectReader TOLERANT = MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Two-space indent, {@code "key": value}: the layout {@code summary.json} has always had. */
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withRootSeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private Json() {
    }

    /** {@code value} as one line of JSON. */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as one line of JSON in UTF-8 (which, written by this mapper, is ASCII). */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as indented JSON, a member a line, ending with a line break. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads {@code json} as a {@code type}; malformed or unexpected input is an IllegalArgumentException. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: "
                    + e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
    }

    /**
     * Reads {@code json} as a {@code type}, ignoring members it does not know (a newer writer's additions);
     * malformed input is an IllegalArgumentException.
     */
    public static <T> T readTolerant(String json, Class<T> type) {
        try {
            return TOLERANT.forType(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: "
                    + e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
    }

    /** Reads {@code null} into a {@code double} as NaN: the inverse of {@link FiniteOrNull}. */
    private static final class NullAsNaN extends StdDeserializer<Double> {
        NullAsNaN() {
            super(Double.TYPE);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctx) {
            return Double.NaN;
        }
    }

    /** Writes an array of doubles, each as {@link FiniteOrNull} does. */
    private static final class FiniteArray extends StdSerializer<double[]> {
        FiniteArray() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartArray(values, values.length);
            for (double v : values) {
                FiniteOrNull.write(v, g);
            }
            g.writeEndArray();
        }
    }

    /** Writes a double, or {@code null} when it is NaN or infinite. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider provider) throws IOException {
            write(v, g);
        }

        static void write(double v, JsonGenerator g) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }
}
