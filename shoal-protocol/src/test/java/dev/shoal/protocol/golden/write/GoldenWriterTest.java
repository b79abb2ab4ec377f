package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;
import static dev.shoal.protocol.golden.GoldenFiles.SOURCE_DIR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.golden.ControlJson;
import dev.shoal.protocol.golden.FrameDecoders;
import dev.shoal.protocol.golden.FrameEncoders;
import dev.shoal.protocol.golden.GoldenFiles;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden files that do not exist yet; runs only when asked:
 * <pre>{@code
 * ./mvnw -q -pl shoal-protocol test -Dgolden.write=true -Dtest=GoldenWriterTest
 * }</pre>
 * An existing file is never changed: if a case would now give other bytes (or an existing manifest entry other
 * fields), the run fails, because the golden files are the wire contract. A frame whose layout changed on purpose
 * is replaced by deleting its file first: the run then writes it, and its manifest entry, anew. Each new frame is also checked against the
 * Java encoders and decoders before it is written, and must then be reviewed by hand against docs/PROTOCOL.md.
 */
@EnabledIfSystemProperty(named = "golden.write", matches = "true")
class GoldenWriterTest {

    /** Code, name, whether the connection is closed after it, when a retry may succeed (docs/PROTOCOL.md). */
    private static final Object[][] ERROR_CODES = {
        {1, "INTERNAL", false, "never"}, {2, "MALFORMED_FRAME", true, "never"},
        {3, "UNSUPPORTED_VERSION", true, "never"}, {4, "UNKNOWN_TYPE", true, "never"},
        {5, "FRAME_TOO_LARGE", true, "never"}, {10, "UNKNOWN_TABLE", false, "never"},
        {11, "SHAPE_MISMATCH", false, "never"}, {12, "KEY_OUT_OF_RANGE", false, "never"},
        {13, "NON_FINITE_GRADIENT", false, "never"}, {14, "TABLE_CONFLICT", false, "never"},
        {15, "NOT_OWNER", false, "always"}, {16, "TOO_MANY_KEYS", false, "never"}, {17, "STALE_PUSH", false, "never"},
        {18, "RESOURCE_EXHAUSTED", false, "never"}, {20, "CLUSTER_NOT_READY", false, "always"},
        {30, "UNREACHABLE", false, "always"}, {31, "CONNECTION_CLOSED", false, "always"},
        {32, "TIMEOUT", false, "idempotent"}, {33, "UNAVAILABLE", false, "always"},
        {34, "STALE_EPOCH", false, "always"},
    };

    @Test
    void writeMissingGoldenFiles() throws IOException {
        writeFrames();
        writeOnce("partitioner.json", GoldenVectorCases.partitioner());
        writeOnce("slicing.json", GoldenVectorCases.slicing());
    }

    private static void writeFrames() throws IOException {
        Path manifest = SOURCE_DIR.resolve("frames.json");
        ObjectNode root = header();
        Map<String, JsonNode> existing = new HashMap<>();
        if (Files.exists(manifest)) {
            ObjectNode old = (ObjectNode) JSON.readTree(manifest.toFile());
            keepsWhatExists(old, root);
            old.get("frames").forEach(e -> existing.put(e.get("file").asText(), e));
        }
        ArrayNode frames = JSON.createArrayNode();
        for (ObjectNode e : GoldenFrameCases.all()) {
            AnnotatedHex h = AnnotatedFrameWriter.frame(e);
            byte[] bytes = h.bytes();
            e.put("length", bytes.length - 4);
            check(e, bytes);
            Path file = SOURCE_DIR.resolve(e.get("file").asText());
            if (Files.exists(file)) {
                // A deleted file is written anew with its entry: that is how a frame whose layout changed is replaced.
                JsonNode before = existing.get(e.get("file").asText());
                assertThat(before).as("manifest entry of %s changed", e.get("file")).isIn(null, e);
                assertThat(GoldenFiles.parseHex(Files.readString(file))).as("golden file %s would change", file)
                        .isEqualTo(bytes);
            } else {
                Files.createDirectories(file.getParent());
                Files.writeString(file, h.text(), StandardCharsets.UTF_8);
            }
            frames.add(e);
        }
        root.set("frames", frames);
        Files.writeString(manifest, CompactJson.print(root) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The manifest's header is rewritten from the code, so that new message types and error codes appear in it; what
     * it held must stay as it was (ids are never renumbered, the conventions never change).
     */
    private static void keepsWhatExists(ObjectNode old, ObjectNode now) {
        old.fieldNames().forEachRemaining(field -> {
            switch (field) {
                case "frames" -> { }
                case "enums" -> old.get("enums").fields().forEachRemaining(en -> en.getValue().fields()
                        .forEachRemaining(v -> assertThat(now.get("enums").get(en.getKey()).get(v.getKey()))
                                .as("enum %s.%s", en.getKey(), v.getKey()).isEqualTo(v.getValue())));
                case "errorCodes" -> old.get("errorCodes").forEach(row -> assertThat(now.get("errorCodes"))
                        .as("error code row %s", row).contains(row));
                default -> assertThat(now.get(field)).as("manifest field %s", field).isEqualTo(old.get(field));
            }
        });
    }

    /** The Java encoders must produce what the annotated writer wrote, and the decoders read the fields back. */
    private static void check(ObjectNode e, byte[] bytes) {
        if (e.get("kind").asText().equals("error") && FrameEncoders.errorCode(e) == null) {
            return;   // a code this build does not know yet: GoldenFramesTest checks it once it does
        }
        assertThat(FrameEncoders.encode(e)).as("Java encoder for %s", e.get("file")).isEqualTo(bytes);
        ObjectNode expected = e.deepCopy();
        expected.remove("file");
        expected.remove("description");
        assertThat(FrameDecoders.decode(bytes)).as("Java decoder for %s", e.get("file")).isEqualTo(expected);
    }

    private static ObjectNode header() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "Golden frames of the Shoal wire protocol (docs/PROTOCOL.md). Each entry names a "
                + ".hex file (relative to this manifest) and the header and body fields it holds. An encoder must "
                + "produce the file byte for byte from the fields; a decoder must read the fields back.");
        ObjectNode conv = root.putObject("conventions");
        conv.put("hexFiles", "lowercase hex digit pairs; whitespace is ignored; '#' starts a comment to the end of "
                + "the line");
        conv.put("i64", "every i64 (requestId, offset, keys, seed, loads) is a decimal string, signed");
        conv.put("f32", "every f32 is the 8 lowercase hex digits of its IEEE-754 binary32 bits, most significant "
                + "first (\"3f800000\" = 1.0); on the wire the 4 bytes are little-endian");
        conv.put("enums", "enum fields are names; their wire ids are in 'enums'");
        conv.put("bytes", "ECHO bodies are lowercase hex strings");
        conv.put("kind", "request (flags 0), response (flags 1), error (flags 3), notification (flags 4)");
        conv.put("type", "null when typeId is not a message type (an error about a frame that was not identified)");
        ObjectNode enums = root.putObject("enums");
        ObjectNode types = enums.putObject("MessageType");
        Arrays.stream(MessageType.values()).forEach(t -> types.put(t.name(), t.id));
        ObjectNode roles = enums.putObject("NodeRole");
        Arrays.stream(NodeRole.values()).forEach(r -> roles.put(r.name(), r.id));
        ObjectNode kinds = enums.putObject("TableKind");
        Arrays.stream(TableKind.values()).forEach(k -> kinds.put(k.name(), k.id));
        ObjectNode inits = enums.putObject("InitializerKind");
        Arrays.stream(InitializerSpec.Kind.values()).forEach(k -> inits.put(k.name(), k.id));
        ObjectNode opts = enums.putObject("OptimizerKind");
        Arrays.stream(OptimizerSpec.Kind.values()).forEach(k -> opts.put(k.name(), k.id));
        ObjectNode modes = enums.putObject("ConsistencyMode");
        Arrays.stream(Consistency.Mode.values()).forEach(m -> modes.put(m.name(), m.id));
        ObjectNode stateKinds = enums.putObject("StateKind");
        ControlJson.STATE_KINDS.forEach(stateKinds::put);
        ArrayNode codes = root.putArray("errorCodes");
        for (Object[] c : ERROR_CODES) {
            codes.addObject().put("code", (Integer) c[0]).put("name", (String) c[1])
                    .put("fatalToConnection", (Boolean) c[2]).put("retriable", (String) c[3]);
        }
        return root;
    }

    private static void writeOnce(String name, ObjectNode content) throws IOException {
        Path file = SOURCE_DIR.resolve(name);
        if (Files.exists(file)) {
            assertThat(JSON.readTree(file.toFile())).as("golden/%s would change", name).isEqualTo(content);
        } else {
            Files.writeString(file, CompactJson.print(content) + "\n", StandardCharsets.UTF_8);
        }
    }
}
