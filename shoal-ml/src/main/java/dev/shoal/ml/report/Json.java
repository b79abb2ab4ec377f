package dev.shoal.ml.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The one JSON mapper of Shoal's files and result lines ({@code summary.json}, {@code runs.json}, the bench's
 * report and worker lines): Jackson, configured once so that every file follows the same rules.
 *
 * <pre>{@code
 * String line = Json.compact(result);                          // {"worker":0,"mode":"dense",...}
 * WorkerResult back = Json.read(line, WorkerResult.class);
 * Files.writeString(file, Json.pretty(summary));               // a field a line, ending with a line break
 * }</pre>
 *
 * <p>Rules: JSON has no NaN or infinity, so a non-finite number is written as {@code null} (an unreached target,
 * a percentile of no samples); non-ASCII characters are written as backslash-u escapes, so the output is ASCII and
 * can be embedded anywhere (U+2028 would otherwise end a line in JavaScript); unknown members are refused on
 * reading, because every file read back is one Shoal wrote.
 */
public final class Json {

    /** The configured mapper, for callers that need a reader or writer of their own. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull())
                    .addSerializer(double[].class, new FiniteArray()))
            .build();

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
