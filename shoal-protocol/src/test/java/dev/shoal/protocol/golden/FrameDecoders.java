package dev.shoal.protocol.golden;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;
import static dev.shoal.protocol.golden.GoldenFiles.bits;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.MembershipCodec;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * Reads a golden frame back into its manifest form with the production decoders and accessors, so that a test can
 * compare the result with the manifest entry field by field. Control bodies must be consumed exactly: a golden
 * file has no trailing bytes. STATE bodies are read as the joining server reads them (by {@link StateFrames}' kinds
 * and prefixes), and must be exactly as long as their counts say. CLOCK, ROUND_CLOSE and STATE kind 5 bodies are
 * checked and read with {@link RoundFrames}, as a server reads them.
 *
 * <pre>{@code
 * ObjectNode fields = FrameDecoders.decode(GoldenFiles.hex(entry.get("file").asText()));
 * }</pre>
 */
public final class FrameDecoders {
    private FrameDecoders() {
    }

    /** Header fields, kind and body of a whole frame, in the manifest's form (without file and description). */
    public static ObjectNode decode(byte[] bytes) {
        ByteBuf f = Unpooled.wrappedBuffer(bytes);
        if (f.getIntLE(FrameHeader.LENGTH_OFFSET) != bytes.length - FrameHeader.LENGTH_FIELD_SIZE) {
            throw new IllegalArgumentException("length field " + f.getIntLE(0) + " does not match " + bytes.length
                    + " bytes");
        }
        int typeId = FrameHeader.typeId(f);
        MessageType type = MessageType.ofId(typeId);
        String kind = FrameHeader.isError(f) ? "error" : FrameHeader.isNotification(f) ? "notification"
                : FrameHeader.isResponse(f) ? "response" : "request";
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind);
        if (type == null) {
            n.putNull("type");
        } else {
            n.put("type", type.name());
        }
        n.put("typeId", typeId);
        n.put("flags", FrameHeader.flags(f));
        n.put("requestId", Long.toString(FrameHeader.requestId(f)));
        n.put("tableId", FrameHeader.tableId(f));
        n.put("clock", FrameHeader.clock(f));
        n.put("length", f.getIntLE(FrameHeader.LENGTH_OFFSET));
        if (FrameHeader.version(f) != FrameHeader.VERSION) {
            throw new IllegalArgumentException("version " + FrameHeader.version(f));
        }
        n.set("body", switch (kind) {
            case "error" -> error(f);
            case "notification" -> exactly(f, b -> ControlJson.view(ControlCodec.readView(b)));
            case "response" -> response(f, type);
            default -> request(f, type);
        });
        return n;
    }

    private static ObjectNode request(ByteBuf f, MessageType type) {
        return switch (type) {
            case PUSH_DENSE, PUSH_PULL_DENSE, PULL_DENSE -> {
                boolean values = type != MessageType.PULL_DENSE;
                requireValid(DenseFrames.checkRequest(f, values));
                ObjectNode b = JSON.createObjectNode();
                b.put("offset", Long.toString(DenseFrames.offset(f)));
                b.put("count", DenseFrames.count(f));
                if (values) {
                    b.set("values", floats(f, DenseFrames.valuesIndex(f), DenseFrames.count(f)));
                }
                yield b;
            }
            case PUSH_SPARSE, PUSH_PULL_SPARSE, PULL_SPARSE -> {
                boolean values = type != MessageType.PULL_SPARSE;
                requireValid(SparseFrames.checkRequest(f, values));
                int n = SparseFrames.keyCount(f);
                ObjectNode b = JSON.createObjectNode();
                b.put("n", n);
                b.put("dim", SparseFrames.dim(f));
                long[] keys = new long[n];
                Floats.readLongs(f, SparseFrames.keysIndex(f), keys, 0, n);
                ArrayNode k = b.putArray("keys");
                for (long key : keys) {
                    k.add(Long.toString(key));
                }
                if (values) {
                    b.set("values", floats(f, SparseFrames.valuesIndex(f), n * SparseFrames.dim(f)));
                }
                yield b;
            }
            case REGISTER -> exactly(f, b -> {
                MembershipCodec.Registration r = MembershipCodec.readRegistration(b);
                return JSON.createObjectNode().put("role", r.role().name()).put("host", r.host()).put("port", r.port());
            });
            case HEARTBEAT, LEAVE -> exactly(f, b -> {
                MembershipCodec.NodeRef n = MembershipCodec.readNode(b);
                return JSON.createObjectNode().put("nodeId", n.nodeId()).put("role", n.role().name());
            });
            case CREATE_TABLE -> exactly(f, b -> ControlJson.spec(ControlCodec.readSpec(b)));
            case OPEN_TABLE -> exactly(f, b -> JSON.createObjectNode().put("name", Strings.read(b)));
            case INSTALL_TABLE -> exactly(f, b -> ControlJson.descriptor(ControlCodec.readDescriptor(b)));
            case ECHO -> echo(f);
            case CLOCK -> clock(f);
            case ROUND_CLOSE -> roundClose(f);
            case CATCH_UP -> exactly(f, b -> JSON.createObjectNode());
            case SYNC -> exactly(f, b -> JSON.createObjectNode().put("viewEpoch", b.readIntLE())
                    .put("serverId", b.readIntLE()));
            case STATE -> FrameHeader.bodyLength(f) > 0
                    && f.getUnsignedByte(FrameHeader.bodyIndex(f)) == RoundFrames.KIND_ROUNDS
                    ? rounds(f) : exactly(f, FrameDecoders::state);
            case REPLICATE -> replicate(f);
            case CLUSTER_VIEW -> throw new IllegalArgumentException("CLUSTER_VIEW is a notification, not a request");
        };
    }

    private static ObjectNode response(ByteBuf f, MessageType type) {
        return switch (type) {
            case PULL_DENSE, PUSH_PULL_DENSE -> {
                ObjectNode b = JSON.createObjectNode();
                int count = DenseFrames.responseCount(f);
                requireValid(FrameHeader.bodyLength(f) == DenseFrames.RESPONSE_PREFIX + count * 4L ? null
                        : "dense response body does not match its count");
                b.put("minClock", DenseFrames.responseMinClock(f));
                b.put("count", count);
                b.set("values", floats(f, DenseFrames.responseValuesIndex(f), count));
                yield b;
            }
            case PULL_SPARSE, PUSH_PULL_SPARSE -> {
                ObjectNode b = JSON.createObjectNode();
                int n = SparseFrames.responseKeyCount(f);
                int dim = SparseFrames.responseDim(f);
                requireValid(FrameHeader.bodyLength(f) == SparseFrames.RESPONSE_PREFIX + (long) n * dim * 4 ? null
                        : "sparse response body does not match n * dim");
                b.put("minClock", SparseFrames.responseMinClock(f));
                b.put("n", n);
                b.put("dim", dim);
                b.set("values", floats(f, SparseFrames.responseValuesIndex(f), n * dim));
                yield b;
            }
            case REGISTER -> exactly(f, b -> {
                MembershipCodec.Registered r = MembershipCodec.readRegistered(b);
                return JSON.createObjectNode().put("nodeId", r.nodeId()).put("status", r.status());
            });
            case CREATE_TABLE, OPEN_TABLE -> exactly(f, b -> ControlJson.descriptor(ControlCodec.readDescriptor(b)));
            case ECHO -> echo(f);
            case CLOCK -> exactly(f, b -> JSON.createObjectNode().put("layoutEpoch", b.readIntLE()));
            case HEARTBEAT, LEAVE, INSTALL_TABLE, PUSH_DENSE, PUSH_SPARSE, REPLICATE, CATCH_UP, SYNC,
                 STATE, ROUND_CLOSE -> exactly(f, b -> JSON.createObjectNode());
            case CLUSTER_VIEW -> throw new IllegalArgumentException("CLUSTER_VIEW has no response");
        };
    }

    private static ObjectNode error(ByteBuf f) {
        ShoalException e = ErrorFrames.decode(f);
        ObjectNode b = exactly(f, body -> JSON.createObjectNode().put("code", body.readUnsignedShortLE())
                .put("name", "").put("message", Strings.read(body)));
        if (e.code().id != b.get("code").intValue()) {
            throw new IllegalArgumentException("ErrorFrames.decode read code " + e.code() + " from " + b);
        }
        return b.put("name", e.code().name()).put("message", e.getMessage());
    }

    /**
     * {@code i32 layoutEpoch}, then a whole frame to the end of the body, decoded like any other: it must be a
     * worker's push request (PUSH_* or PUSH_PULL_*) whose length field covers exactly the rest of the body.
     */
    private static ObjectNode replicate(ByteBuf f) {
        ByteBuf body = f.slice(FrameHeader.bodyIndex(f), FrameHeader.bodyLength(f));
        ObjectNode b = JSON.createObjectNode();
        b.put("layoutEpoch", body.readIntLE());
        byte[] inner = new byte[body.readableBytes()];
        body.readBytes(inner);
        if (inner.length < FrameHeader.SIZE) {
            throw new IllegalArgumentException("REPLICATE carries " + inner.length + " bytes, less than a header");
        }
        ObjectNode frame = decode(inner);
        MessageType type = MessageType.ofId(frame.get("typeId").intValue());
        if (!frame.get("kind").asText().equals("request") || type == null || !type.isPush()) {
            throw new IllegalArgumentException("REPLICATE carries a " + frame.get("kind").asText() + " of type "
                    + frame.get("type") + ", not a push request");
        }
        b.set("frame", frame);
        return b;
    }

    /** A CLOCK: an empty body, or {@code i32 n} and the push counts of n chains (checked by RoundFrames). */
    private static ObjectNode clock(ByteBuf f) {
        requireValid(RoundFrames.checkClock(f));
        ObjectNode b = JSON.createObjectNode();
        if (FrameHeader.bodyLength(f) == 0) {
            return b;
        }
        int n = RoundFrames.clockEntries(f);
        b.put("n", n);
        ArrayNode chains = b.putArray("chains");
        for (int i = 0; i < n; i++) {
            chains.addObject().put("tableId", RoundFrames.clockTable(f, i)).put("owner", RoundFrames.clockOwner(f, i))
                    .put("pushes", RoundFrames.clockPushes(f, i));
        }
        return b;
    }

    private static ObjectNode roundClose(ByteBuf f) {
        requireValid(RoundFrames.checkClose(f));
        int n = RoundFrames.closeIds(f);
        ObjectNode b = JSON.createObjectNode().put("layoutEpoch", RoundFrames.closeEpoch(f))
                .put("owner", RoundFrames.closeOwner(f)).put("scale", bits(RoundFrames.closeScale(f))).put("n", n);
        ArrayNode ids = b.putArray("ids");
        for (int i = 0; i < n; i++) {
            ids.add(Long.toString(RoundFrames.closeId(f, i)));
        }
        return b;
    }

    /** STATE kind 5, a chain's rounds: checked, then read, by RoundFrames. */
    private static ObjectNode rounds(ByteBuf f) {
        requireValid(RoundFrames.checkRounds(f));
        int n = RoundFrames.roundsEntries(f);
        ObjectNode b = JSON.createObjectNode().put("kind", ControlJson.stateKindName(RoundFrames.KIND_ROUNDS))
                .put("owner", RoundFrames.roundsOwner(f)).put("committed", RoundFrames.roundsCommitted(f)).put("n", n);
        ArrayNode rounds = b.putArray("rounds");
        for (int i = 0; i < n; i++) {
            rounds.addObject().put("round", RoundFrames.roundsEntry(f, i, 0))
                    .put("worker", RoundFrames.roundsEntry(f, i, 1)).put("pushes", RoundFrames.roundsEntry(f, i, 2));
        }
        int m = RoundFrames.roundsOpenIds(f);
        b.put("m", m);
        ArrayNode ids = b.putArray("openIds");
        for (int i = 0; i < m; i++) {
            ids.add(Long.toString(RoundFrames.roundsOpenId(f, i)));
        }
        return b;
    }

    /**
     * A STATE body: {@code u8 kind}, then the kind's fields; the body must be exactly as long as its counts say
     * ({@code 5 + 8n} for ids and clocks, {@link StateFrames#DENSE_PREFIX} plus the run's floats,
     * {@link StateFrames#SPARSE_PREFIX} plus {@code n} rows of {@link StateFrames#sparseRowBytes}).
     */
    private static ObjectNode state(ByteBuf body) {
        long length = body.readableBytes();
        if (length < 1) {
            throw new IllegalArgumentException("STATE without a kind");
        }
        int kind = body.readUnsignedByte();
        String name = ControlJson.stateKindName(kind);
        if (name == null) {
            throw new IllegalArgumentException("STATE of unknown kind " + kind);
        }
        ObjectNode b = JSON.createObjectNode().put("kind", name);
        switch (kind) {
            case StateFrames.KIND_REQUEST_IDS -> {
                int n = body.readIntLE();
                requireLength("request ids", length, 5L + 8L * n, n >= 0);
                b.put("n", n);
                ArrayNode ids = b.putArray("ids");
                for (int i = 0; i < n; i++) {
                    ids.add(Long.toString(body.readLongLE()));
                }
            }
            case StateFrames.KIND_CLOCKS -> {
                int n = body.readIntLE();
                requireLength("clocks", length, 5L + 8L * n, n >= 0);
                b.put("n", n);
                ArrayNode clocks = b.putArray("clocks");
                for (int i = 0; i < n; i++) {
                    clocks.addObject().put("worker", body.readIntLE()).put("clock", body.readIntLE());
                }
            }
            case StateFrames.KIND_DENSE_RUN -> {
                b.put("slice", body.readIntLE());
                b.put("step", Long.toString(body.readLongLE()));
                b.put("at", body.readIntLE());
                int count = body.readIntLE();
                int slots = body.readUnsignedByte();
                requireLength("dense run", length, StateFrames.DENSE_PREFIX + (long) count * Float.BYTES * (1 + slots),
                        count >= 0);
                b.put("count", count);
                b.put("slots", slots);
                b.set("params", readFloats(body, count));
                ArrayNode state = b.putArray("state");
                for (int s = 0; s < slots; s++) {
                    state.add(readFloats(body, count));
                }
            }
            case StateFrames.KIND_SPARSE_ROWS -> {
                b.put("partition", body.readIntLE());
                int dim = body.readIntLE();
                int slots = body.readUnsignedByte();
                boolean hasSteps = body.readUnsignedByte() != 0;
                int n = body.readIntLE();
                long rowBytes = 8 + (hasSteps ? 8 : 0) + (long) dim * Float.BYTES * (1 + slots);
                requireLength("sparse rows", length, StateFrames.SPARSE_PREFIX + n * rowBytes, n >= 0 && dim > 0);
                b.put("dim", dim);
                b.put("slots", slots);
                b.put("hasSteps", hasSteps);
                b.put("n", n);
                ArrayNode rows = b.putArray("rows");
                for (int i = 0; i < n; i++) {
                    ObjectNode row = rows.addObject();
                    row.put("key", Long.toString(body.readLongLE()));
                    if (hasSteps) {
                        row.put("step", Long.toString(body.readLongLE()));
                    }
                    row.set("params", readFloats(body, dim));
                    ArrayNode state = row.putArray("state");
                    for (int s = 0; s < slots; s++) {
                        state.add(readFloats(body, dim));
                    }
                }
            }
            default -> throw new IllegalArgumentException("STATE of kind " + name + " is read by its own decoder");
        }
        return b;
    }

    private static void requireLength(String what, long length, long expected, boolean countsValid) {
        if (!countsValid || length != expected) {
            throw new IllegalArgumentException("STATE " + what + " body of " + length + " bytes; its counts say "
                    + expected);
        }
    }

    /** {@code n} floats where {@code body} is read, as bit patterns; moves past them. */
    private static ArrayNode readFloats(ByteBuf body, int n) {
        ArrayNode a = floats(body, body.readerIndex(), n);
        body.skipBytes(n * Float.BYTES);
        return a;
    }

    private static ObjectNode echo(ByteBuf f) {
        byte[] body = new byte[FrameHeader.bodyLength(f)];
        f.getBytes(FrameHeader.bodyIndex(f), body);
        return JSON.createObjectNode().put("bytes", HexFormat.of().formatHex(body));
    }

    private static ArrayNode floats(ByteBuf f, int index, int n) {
        float[] v = new float[n];
        Floats.read(f, index, v, 0, n);
        ArrayNode a = JSON.createArrayNode();
        for (float x : v) {
            a.add(bits(x));
        }
        return a;
    }

    /** Reads a control body with {@code reader} and checks that it used every byte. */
    private static ObjectNode exactly(ByteBuf f, java.util.function.Function<ByteBuf, ObjectNode> reader) {
        ByteBuf body = f.slice(FrameHeader.bodyIndex(f), FrameHeader.bodyLength(f));
        ObjectNode n = reader.apply(body);
        if (body.isReadable()) {
            throw new IllegalArgumentException(body.readableBytes() + " bytes left after the body " + n);
        }
        return n;
    }

    private static void requireValid(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
