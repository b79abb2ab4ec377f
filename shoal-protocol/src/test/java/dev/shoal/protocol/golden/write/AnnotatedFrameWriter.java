package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.i64;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.golden.ControlJson;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableKind;
import java.util.HexFormat;

/**
 * Writes a golden frame from its manifest entry, field by field as docs/PROTOCOL.md lays it out, with a comment on
 * every field. Only the enums' wire ids come from the Java code; layouts are written out here again on purpose.
 *
 * <pre>{@code
 * AnnotatedHex frame = AnnotatedFrameWriter.frame(entry);
 * Files.writeString(path, frame.text());
 * }</pre>
 */
final class AnnotatedFrameWriter {
    private static final int HEADER = 24;
    private static final String[] OPTIMIZER_FIELDS =
            {"lr", "momentum", "beta1", "beta2", "eps", "beta", "l1", "l2", "initialAccumulator"};

    private AnnotatedFrameWriter() {
    }

    static AnnotatedHex frame(JsonNode e) {
        AnnotatedHex fields = new AnnotatedHex(0);
        int bodySize = frame(fields, e, "");
        AnnotatedHex f = new AnnotatedHex(0);
        f.comment(e.get("file").asText() + ": " + e.get("description").asText());
        f.comment(HEADER + "-byte header + " + bodySize + "-byte body = " + (HEADER + bodySize)
                + " bytes; every integer and float is little-endian");
        f.comment("hex                               # off  type  field = value");
        f.append(fields);
        return f;
    }

    /** The length field of the frame {@code e} describes (its manifest "length"), as this writer lays it out. */
    static int length(JsonNode e) {
        AnnotatedHex h = new AnnotatedHex(0);
        frame(h, e, "");
        return h.size() - 4;
    }

    /**
     * Writes the header and body of the frame {@code e} describes where {@code h} ends, every field name prefixed
     * with {@code p} (a frame carried inside another one); returns the size of the body.
     */
    private static int frame(AnnotatedHex h, JsonNode e, String p) {
        AnnotatedHex body = new AnnotatedHex(h.end() + HEADER);
        String type = e.get("type").isNull() ? "no message type: the failed frame was not identified"
                : e.get("type").asText();
        body(body, e.get("kind").asText(), type, e.get("body"));
        h.i32(p + "length", HEADER - 4 + body.size(), " (bytes after the length field)");
        h.u8(p + "version", 1, "");
        h.u8(p + "type", e.get("typeId").intValue(), " (" + type + ")");
        h.u16(p + "flags", e.get("flags").intValue(), flagNames(e.get("flags").intValue()));
        long id = i64(e.get("requestId"));
        h.i64(p + "requestId", id, requestIdNote(id));
        h.i32(p + "tableId", e.get("tableId").intValue(), "");
        h.i32(p + "clock", e.get("clock").intValue(), "");
        String what = p.isEmpty() ? "body" : p + "body";
        h.comment(body.size() > 0 ? what : "empty " + what);
        h.append(body);
        return body.size();
    }

    private static String flagNames(int flags) {
        if (flags == 0) {
            return " (request)";
        }
        StringBuilder sb = new StringBuilder(" (");
        sb.append((flags & 1) != 0 ? "RESPONSE " : "").append((flags & 2) != 0 ? "ERROR " : "")
                .append((flags & 4) != 0 ? "NOTIFICATION " : "");
        return sb.toString().stripTrailing() + ")";
    }

    private static String requestIdNote(long id) {
        long prefix = id >>> 40;
        long seq = id & ((1L << 40) - 1);
        if (id == 0) {
            return " (0: notification, or a frame-level error)";
        }
        return prefix == 0 ? " (prefix 0: not a worker; sequence " + seq + ")"
                : " (prefix " + prefix + " = worker " + (prefix - 1) + " + 1, << 40; sequence " + seq + ")";
    }

    private static void body(AnnotatedHex h, String kind, String type, JsonNode b) {
        switch (kind) {
            case "error" -> {
                h.u16("code", b.get("code").intValue(), " (" + b.get("name").asText() + ")");
                h.str("message", b.get("message").asText());
            }
            case "notification" -> view(h, b);
            case "request" -> request(h, type, b);
            case "response" -> response(h, type, b);
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static void request(AnnotatedHex h, String type, JsonNode b) {
        switch (type) {
            case "REGISTER" -> {
                role(h, b);
                h.str("host", b.get("host").asText());
                h.i32("port", b.get("port").intValue(), "");
            }
            case "HEARTBEAT", "LEAVE" -> {
                h.i32("nodeId", b.get("nodeId").intValue(), "");
                role(h, b);
            }
            case "CREATE_TABLE" -> spec(h, "", b);
            case "OPEN_TABLE" -> h.str("name", b.get("name").asText());
            case "INSTALL_TABLE" -> descriptor(h, b);
            case "PUSH_DENSE", "PUSH_PULL_DENSE", "PULL_DENSE" -> {
                h.i64("offset", i64(b.get("offset")), "");
                h.i32("count", b.get("count").intValue(), "");
                floats(h, b.get("values"));
            }
            case "PUSH_SPARSE", "PUSH_PULL_SPARSE", "PULL_SPARSE" -> {
                h.i32("n", b.get("n").intValue(), " keys");
                h.i32("dim", b.get("dim").intValue(), " floats per row");
                int k = 0;
                for (JsonNode key : b.get("keys")) {
                    h.i64("keys[" + k++ + "]", i64(key), "");
                }
                floats(h, b.get("values"));
            }
            case "ECHO" -> h.raw("bytes", HexFormat.of().parseHex(b.get("bytes").asText()));
            case "CLOCK" -> clock(h, b);
            case "ROUND_CLOSE" -> {
                h.i32("layoutEpoch", b.get("layoutEpoch").intValue(), " (the primary's)");
                h.i32("owner", b.get("owner").intValue(), " (the chain: the units of this owner)");
                h.f32("scale", Integer.parseUnsignedInt(b.get("scale").asText(), 16));
                h.i32("n", b.get("n").intValue(), " request ids summed in the round");
                int i = 0;
                for (JsonNode id : b.get("ids")) {
                    h.i64("ids[" + i++ + "]", i64(id), requestIdNote(i64(id)));
                }
            }
            case "CATCH_UP" -> { }
            case "SYNC" -> {
                h.i32("viewEpoch", b.get("viewEpoch").intValue(), " (the joining server's view)");
                h.i32("serverId", b.get("serverId").intValue(), " (the joining server)");
            }
            case "STATE" -> state(h, b);
            case "REPLICATE" -> {
                h.i32("layoutEpoch", b.get("layoutEpoch").intValue(), " (the primary's)");
                JsonNode inner = b.get("frame");
                h.comment("frame: the worker's " + inner.get("type").asText() + ", whole (its header and request id "
                        + "kept), to the end of the body");
                frame(h, inner, "frame.");
            }
            default -> throw new IllegalArgumentException(type + " request");
        }
    }

    private static void response(AnnotatedHex h, String type, JsonNode b) {
        switch (type) {
            case "REGISTER" -> {
                h.i32("nodeId", b.get("nodeId").intValue(), "");
                h.str("status", b.get("status").asText());
            }
            case "CREATE_TABLE", "OPEN_TABLE" -> descriptor(h, b);
            case "PULL_DENSE", "PUSH_PULL_DENSE" -> {
                h.i32("minClock", b.get("minClock").intValue(), "");
                h.i32("count", b.get("count").intValue(), "");
                floats(h, b.get("values"));
            }
            case "PULL_SPARSE", "PUSH_PULL_SPARSE" -> {
                h.i32("minClock", b.get("minClock").intValue(), "");
                h.i32("n", b.get("n").intValue(), " rows");
                h.i32("dim", b.get("dim").intValue(), " floats per row");
                floats(h, b.get("values"));
            }
            case "ECHO" -> h.raw("bytes", HexFormat.of().parseHex(b.get("bytes").asText()));
            case "CLOCK" -> h.i32("layoutEpoch", b.get("layoutEpoch").intValue(), " (the answering server's)");
            case "HEARTBEAT", "LEAVE", "INSTALL_TABLE", "PUSH_DENSE", "PUSH_SPARSE", "REPLICATE", "CATCH_UP",
                 "SYNC", "STATE", "ROUND_CLOSE" -> { }
            default -> throw new IllegalArgumentException(type + " response");
        }
    }

    /** A CLOCK body: empty, or i32 n and n x (i32 tableId, i32 owner, i32 pushes) (docs/PROTOCOL.md, CLOCK). */
    private static void clock(AnnotatedHex h, JsonNode b) {
        if (!b.has("n")) {
            return;
        }
        h.i32("n", b.get("n").intValue(), " chains");
        int i = 0;
        for (JsonNode c : b.get("chains")) {
            h.i32("chains[" + i + "].tableId", c.get("tableId").intValue(), "");
            h.i32("chains[" + i + "].owner", c.get("owner").intValue(), "");
            h.i32("chains[" + i++ + "].pushes", c.get("pushes").intValue(), " (push frames sent in the round)");
        }
    }

    /** A STATE body: u8 kind, then the kind's fields (docs/PROTOCOL.md, STATE). */
    private static void state(AnnotatedHex h, JsonNode b) {
        String kind = b.get("kind").asText();
        h.u8("kind", ControlJson.STATE_KINDS.get(kind), " (" + kind + ")");
        switch (kind) {
            case "REQUEST_IDS" -> {
                h.i32("n", b.get("n").intValue(), " request ids");
                int i = 0;
                for (JsonNode id : b.get("ids")) {
                    h.i64("ids[" + i++ + "]", i64(id), requestIdNote(i64(id)));
                }
            }
            case "CLOCKS" -> {
                h.i32("n", b.get("n").intValue(), " workers");
                int i = 0;
                for (JsonNode c : b.get("clocks")) {
                    h.i32("clocks[" + i + "].worker", c.get("worker").intValue(), "");
                    h.i32("clocks[" + i++ + "].clock", c.get("clock").intValue(), "");
                }
            }
            case "DENSE_RUN" -> {
                h.i32("slice", b.get("slice").intValue(), "");
                h.i64("step", i64(b.get("step")), " (updates the slice has had)");
                h.i32("at", b.get("at").intValue(), " (first element of the run, within the slice)");
                h.i32("count", b.get("count").intValue(), " elements");
                h.u8("slots", b.get("slots").intValue(), slots(b));
                floats(h, "params", b.get("params"));
                int s = 0;
                for (JsonNode slot : b.get("state")) {
                    floats(h, "state[" + s++ + "]", slot);
                }
            }
            case "SPARSE_ROWS" -> {
                h.i32("partition", b.get("partition").intValue(), "");
                h.i32("dim", b.get("dim").intValue(), " floats per row");
                h.u8("slots", b.get("slots").intValue(), slots(b));
                boolean steps = b.get("hasSteps").booleanValue();
                h.u8("hasSteps", steps ? 1 : 0, steps ? " (each row carries its step)" : " (rows carry no step)");
                h.i32("n", b.get("n").intValue(), " rows");
                int r = 0;
                for (JsonNode row : b.get("rows")) {
                    String p = "rows[" + r++ + "].";
                    h.i64(p + "key", i64(row.get("key")), "");
                    if (steps) {
                        h.i64(p + "step", i64(row.get("step")), "");
                    }
                    floats(h, p + "params", row.get("params"));
                    int s = 0;
                    for (JsonNode slot : row.get("state")) {
                        floats(h, p + "state[" + s++ + "]", slot);
                    }
                }
            }
            case "ROUNDS" -> {
                h.i32("owner", b.get("owner").intValue(), " (the chain)");
                h.i32("committed", b.get("committed").intValue(), " (rounds below it are applied)");
                h.i32("n", b.get("n").intValue(), " announced push counts");
                int i = 0;
                for (JsonNode r : b.get("rounds")) {
                    h.i32("rounds[" + i + "].round", r.get("round").intValue(), "");
                    h.i32("rounds[" + i + "].worker", r.get("worker").intValue(), "");
                    h.i32("rounds[" + i++ + "].pushes", r.get("pushes").intValue(), "");
                }
                h.i32("m", b.get("m").intValue(), " request ids summed in the open rounds");
                i = 0;
                for (JsonNode id : b.get("openIds")) {
                    h.i64("openIds[" + i++ + "]", i64(id), requestIdNote(i64(id)));
                }
            }
            default -> throw new IllegalArgumentException("STATE of kind " + kind);
        }
    }

    private static String slots(JsonNode b) {
        return b.get("slots").intValue() == 1 ? " optimizer state slot" : " optimizer state slots";
    }

    private static void floats(AnnotatedHex h, String name, JsonNode values) {
        int i = 0;
        for (JsonNode v : values) {
            h.f32(name + "[" + i++ + "]", Integer.parseUnsignedInt(v.asText(), 16));
        }
    }

    private static void role(AnnotatedHex h, JsonNode b) {
        String role = b.get("role").asText();
        h.u8("role", NodeRole.valueOf(role).id, " (" + role + ")");
    }

    private static void floats(AnnotatedHex h, JsonNode values) {
        if (values == null) {
            return;
        }
        int i = 0;
        for (JsonNode v : values) {
            h.f32("values[" + i++ + "]", Integer.parseUnsignedInt(v.asText(), 16));
        }
    }

    private static void spec(AnnotatedHex h, String p, JsonNode s) {
        h.comment(p + "TableSpec");
        h.str(p + "name", s.get("name").asText());
        String kind = s.get("kind").asText();
        h.u8(p + "kind", TableKind.valueOf(kind).id, " (" + kind + ")");
        h.u8(p + "rank", s.get("shape").size(), "");
        int d = 0;
        for (JsonNode dim : s.get("shape")) {
            h.i32(p + "shape[" + d++ + "]", dim.intValue(), "");
        }
        JsonNode i = s.get("initializer");
        String ik = i.get("kind").asText();
        h.u8(p + "initializer.kind", InitializerSpec.Kind.valueOf(ik).id, " (" + ik + ")");
        h.f32(p + "initializer.a", Integer.parseUnsignedInt(i.get("a").asText(), 16));
        h.f32(p + "initializer.b", Integer.parseUnsignedInt(i.get("b").asText(), 16));
        h.i64(p + "initializer.seed", i64(i.get("seed")), "");
        JsonNode o = s.get("optimizer");
        String ok = o.get("kind").asText();
        h.u8(p + "optimizer.kind", OptimizerSpec.Kind.valueOf(ok).id, " (" + ok + ")");
        for (String f : OPTIMIZER_FIELDS) {
            h.f32(p + "optimizer." + f, Integer.parseUnsignedInt(o.get(f).asText(), 16));
        }
        JsonNode c = s.get("consistency");
        h.u8(p + "hasConsistency", c.isNull() ? 0 : 1, c.isNull() ? " (inherit the job's rule)" : "");
        if (!c.isNull()) {
            consistency(h, p + "consistency", c);
        }
        h.u8(p + "allowNonFinite", s.get("allowNonFinite").booleanValue() ? 1 : 0, "");
        h.i32(p + "maxSliceBytes", s.get("maxSliceBytes").intValue(), "");
    }

    private static void consistency(AnnotatedHex h, String name, JsonNode c) {
        String mode = c.get("mode").asText();
        h.u8(name + ".mode", Consistency.Mode.valueOf(mode).id, " (" + mode + ")");
        h.i32(name + ".staleness", c.get("staleness").intValue(), "");
    }

    private static void descriptor(AnnotatedHex h, JsonNode d) {
        h.comment("TableDescriptor");
        h.i32("id", d.get("id").intValue(), "");
        spec(h, "spec.", d.get("spec"));
        consistency(h, "consistency", d.get("consistency"));
        h.i32("layoutVersion", d.get("layoutVersion").intValue(), "");
        h.i32("sliceLength", d.get("sliceLength").intValue(), d.get("sliceLength").intValue() == 0 ? " (sparse)" : "");
        ints(h, "owners", d.get("owners"));
        int replicas = d.get("replicas").intValue();
        h.i32("replicas", replicas, replicas == 1 ? " (each unit on its owner only)"
                : " (each unit on its owner and the next " + (replicas - 1) + " server ids)");
    }

    private static void view(AnnotatedHex h, JsonNode v) {
        h.comment("ClusterView");
        h.i32("epoch", v.get("epoch").intValue(), "");
        h.i32("nServers", v.get("servers").size(), "");
        int k = 0;
        for (JsonNode s : v.get("servers")) {
            h.i32("servers[" + k + "].id", s.get("id").intValue(), "");
            h.str("servers[" + k + "].host", s.get("host").asText());
            h.i32("servers[" + k++ + "].port", s.get("port").intValue(), "");
        }
        ints(h, "liveWorkers", v.get("liveWorkers"));
        h.i32("expectedWorkers", v.get("expectedWorkers").intValue(), "");
        consistency(h, "consistency", v.get("consistency"));
        h.i32("partitions", v.get("partitions").intValue(), "");
        h.i32("layoutEpoch", v.get("layoutEpoch").intValue(), "");
        ints(h, "inService", v.get("inService"));
        h.i32("heartbeatMillis", v.get("heartbeatMillis").intValue(), " ms");
        ints(h, "joining", v.get("joining"));
    }

    private static void ints(AnnotatedHex h, String name, JsonNode values) {
        h.i32(name + ".n", values.size(), "");
        int k = 0;
        for (JsonNode v : values) {
            h.i32(name + "[" + k++ + "]", v.intValue(), "");
        }
    }
}
