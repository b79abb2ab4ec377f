package dev.shoal.protocol.golden;

import static dev.shoal.protocol.golden.GoldenFiles.f32;
import static dev.shoal.protocol.golden.GoldenFiles.f32s;
import static dev.shoal.protocol.golden.GoldenFiles.i64;
import static dev.shoal.protocol.golden.GoldenFiles.i64s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.MembershipCodec;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;

/**
 * Builds a golden frame from its manifest entry with the production encoders ({@link FrameHeader},
 * {@link DenseFrames}, {@link SparseFrames}, {@link ControlCodec}, {@link ErrorFrames}, {@link StateFrames},
 * {@link RoundFrames}), so
 * that a test can compare their bytes with the golden file. A REPLICATE carries a whole frame, built from its own
 * entry the same way. SYNC has no encoder of its own (the server writes its two ints after a header), so it is
 * written here the same way.
 *
 * <pre>{@code
 * byte[] bytes = FrameEncoders.encode(entry);    // entry: one element of frames.json "frames"
 * }</pre>
 */
public final class FrameEncoders {
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private FrameEncoders() {
    }

    /** The frame the entry describes, as the Java encoders write it. */
    public static byte[] encode(JsonNode e) {
        ByteBuf f = switch (e.get("kind").asText()) {
            case "request" -> request(e);
            case "response" -> response(e);
            case "notification" -> notification(e);
            case "error" -> error(e);
            default -> throw new IllegalArgumentException("unknown kind in " + e);
        };
        try {
            return ByteBufUtil.getBytes(f);
        } finally {
            f.release();
        }
    }

    /** The error code an error entry carries, or null when this build does not know it yet. */
    public static ErrorCode errorCode(JsonNode e) {
        int id = e.get("body").get("code").intValue();
        for (ErrorCode c : ErrorCode.values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    private static ByteBuf request(JsonNode e) {
        MessageType type = MessageType.valueOf(e.get("type").asText());
        long id = i64(e.get("requestId"));
        int table = e.get("tableId").intValue();
        int clock = e.get("clock").intValue();
        JsonNode b = e.get("body");
        return switch (type) {
            case PUSH_DENSE, PUSH_PULL_DENSE -> DenseFrames.encodePush(ALLOC, type, id, table, clock,
                    i64(b.get("offset")), f32s(b.get("values")), 0, b.get("count").intValue());
            case PULL_DENSE -> DenseFrames.encodePull(ALLOC, id, table, clock, i64(b.get("offset")),
                    b.get("count").intValue());
            case PUSH_SPARSE, PUSH_PULL_SPARSE -> SparseFrames.encodePush(ALLOC, type, id, table, clock,
                    i64s(b.get("keys")), 0, b.get("n").intValue(), b.get("dim").intValue(), f32s(b.get("values")), 0);
            case PULL_SPARSE -> SparseFrames.encodePull(ALLOC, id, table, clock, i64s(b.get("keys")), 0,
                    b.get("n").intValue(), b.get("dim").intValue());
            case STATE -> state(id, table, b);
            case CLOCK -> clock(id, clock, b);
            case ROUND_CLOSE -> RoundFrames.encodeClose(ALLOC, id, table, clock, b.get("layoutEpoch").intValue(),
                    b.get("owner").intValue(), f32(b.get("scale")), i64s(b.get("ids")), b.get("n").intValue());
            default -> {
                ByteBuf f = FrameHeader.allocate(ALLOC, type, id, table, clock, 64);
                writeControlRequest(f, type, b);
                yield FrameHeader.finish(f);
            }
        };
    }

    /** A CLOCK, with an empty body or announcing the pushes of the round it ends to each chain. */
    private static ByteBuf clock(long id, int clock, JsonNode b) {
        int n = b.has("n") ? b.get("n").intValue() : 0;
        int[] tables = new int[n];
        int[] owners = new int[n];
        int[] pushes = new int[n];
        for (int i = 0; i < n; i++) {
            JsonNode c = b.get("chains").get(i);
            tables[i] = c.get("tableId").intValue();
            owners[i] = c.get("owner").intValue();
            pushes[i] = c.get("pushes").intValue();
        }
        return RoundFrames.encodeClock(ALLOC, id, clock, tables, owners, pushes, n);
    }

    /**
     * A STATE frame by its body's kind, with {@link StateFrames}' and {@link RoundFrames}' encoders (header table id
     * and clock are theirs).
     */
    private static ByteBuf state(long id, int table, JsonNode b) {
        String kind = b.get("kind").asText();
        Integer kindId = ControlJson.STATE_KINDS.get(kind);
        if (kindId == null) {
            throw new IllegalArgumentException("unknown STATE kind " + kind);
        }
        return switch (kindId) {
            case StateFrames.KIND_REQUEST_IDS -> StateFrames.encodeRequestIds(ALLOC, id, i64s(b.get("ids")),
                    b.get("n").intValue());
            case StateFrames.KIND_CLOCKS -> {
                int n = b.get("n").intValue();
                int[] workers = new int[n];
                int[] clocks = new int[n];
                for (int i = 0; i < n; i++) {
                    workers[i] = b.get("clocks").get(i).get("worker").intValue();
                    clocks[i] = b.get("clocks").get(i).get("clock").intValue();
                }
                yield StateFrames.encodeClocks(ALLOC, id, workers, clocks);
            }
            case RoundFrames.KIND_ROUNDS -> {
                int n = b.get("n").intValue();
                int[] rounds = new int[n];
                int[] workers = new int[n];
                int[] pushes = new int[n];
                for (int i = 0; i < n; i++) {
                    JsonNode r = b.get("rounds").get(i);
                    rounds[i] = r.get("round").intValue();
                    workers[i] = r.get("worker").intValue();
                    pushes[i] = r.get("pushes").intValue();
                }
                yield RoundFrames.encodeRounds(ALLOC, id, table, b.get("owner").intValue(),
                        b.get("committed").intValue(), rounds, workers, pushes, n, i64s(b.get("openIds")));
            }
            case StateFrames.KIND_DENSE_RUN -> {
                int count = b.get("count").intValue();
                ByteBuf f = StateFrames.allocateDenseRun(ALLOC, id, table, b.get("slice").intValue(),
                        i64(b.get("step")), b.get("at").intValue(), count, b.get("slots").intValue());
                Floats.write(f, f32s(b.get("params")), 0, count);
                for (JsonNode slot : b.get("state")) {
                    Floats.write(f, f32s(slot), 0, count);
                }
                yield FrameHeader.finish(f);
            }
            default -> {
                int dim = b.get("dim").intValue();
                boolean hasSteps = b.get("hasSteps").booleanValue();
                ByteBuf f = StateFrames.allocateSparseRows(ALLOC, id, table, b.get("partition").intValue(), dim,
                        b.get("slots").intValue(), hasSteps, b.get("n").intValue());
                for (JsonNode row : b.get("rows")) {
                    f.writeLongLE(i64(row.get("key")));
                    if (hasSteps) {
                        f.writeLongLE(i64(row.get("step")));
                    }
                    Floats.write(f, f32s(row.get("params")), 0, dim);
                    for (JsonNode slot : row.get("state")) {
                        Floats.write(f, f32s(slot), 0, dim);
                    }
                }
                yield FrameHeader.finish(f);
            }
        };
    }

    private static void writeControlRequest(ByteBuf f, MessageType type, JsonNode b) {
        switch (type) {
            case REGISTER -> MembershipCodec.writeRegistration(f, new MembershipCodec.Registration(
                    NodeRole.valueOf(b.get("role").asText()), b.get("host").asText(), b.get("port").intValue()));
            case HEARTBEAT, LEAVE -> MembershipCodec.writeNode(f, new MembershipCodec.NodeRef(
                    b.get("nodeId").intValue(), NodeRole.valueOf(b.get("role").asText())));
            case CREATE_TABLE -> ControlCodec.writeSpec(f, ControlJson.specOf(b));
            case OPEN_TABLE -> Strings.write(f, b.get("name").asText());
            case INSTALL_TABLE -> ControlCodec.writeDescriptor(f, ControlJson.descriptorOf(b));
            case ECHO -> f.writeBytes(HexFormat.of().parseHex(b.get("bytes").asText()));
            case CATCH_UP -> { }
            case SYNC -> f.writeIntLE(b.get("viewEpoch").intValue()).writeIntLE(b.get("serverId").intValue());
            case REPLICATE -> {
                f.writeIntLE(b.get("layoutEpoch").intValue());
                f.writeBytes(encode(b.get("frame")));
            }
            default -> throw new IllegalArgumentException(type + " is not a request");
        }
    }

    private static ByteBuf response(JsonNode e) {
        MessageType type = MessageType.valueOf(e.get("type").asText());
        ByteBuf request = requestHeader(e);
        int clock = e.get("clock").intValue();
        JsonNode b = e.get("body");
        try {
            ByteBuf f = switch (type) {
                case PULL_DENSE, PUSH_PULL_DENSE -> {
                    float[] v = f32s(b.get("values"));
                    ByteBuf r = DenseFrames.allocateResponse(ALLOC, request, clock, b.get("minClock").intValue(),
                            b.get("count").intValue());
                    Floats.write(r, v, 0, v.length);
                    yield r;
                }
                case PULL_SPARSE, PUSH_PULL_SPARSE -> {
                    float[] v = f32s(b.get("values"));
                    ByteBuf r = SparseFrames.allocateResponse(ALLOC, request, clock, b.get("minClock").intValue(),
                            b.get("n").intValue(), b.get("dim").intValue());
                    Floats.write(r, v, 0, v.length);
                    yield r;
                }
                default -> {
                    ByteBuf r = FrameHeader.allocateResponse(ALLOC, request, clock, 64);
                    writeControlResponse(r, type, b);
                    yield r;
                }
            };
            return FrameHeader.finish(f);
        } finally {
            request.release();
        }
    }

    private static void writeControlResponse(ByteBuf f, MessageType type, JsonNode b) {
        switch (type) {
            case REGISTER -> MembershipCodec.writeRegistered(f, new MembershipCodec.Registered(
                    b.get("nodeId").intValue(), b.get("status").asText()));
            case CREATE_TABLE, OPEN_TABLE -> ControlCodec.writeDescriptor(f, ControlJson.descriptorOf(b));
            case ECHO -> f.writeBytes(HexFormat.of().parseHex(b.get("bytes").asText()));
            case CLOCK -> f.writeIntLE(b.get("layoutEpoch").intValue());
            case HEARTBEAT, LEAVE, INSTALL_TABLE, PUSH_DENSE, PUSH_SPARSE, REPLICATE, CATCH_UP, SYNC,
                 STATE, ROUND_CLOSE -> { }
            default -> throw new IllegalArgumentException(type + " has no response");
        }
    }

    /** The request a response answers: only its header matters (type, id and table are copied from it). */
    private static ByteBuf requestHeader(JsonNode e) {
        ByteBuf r = ALLOC.heapBuffer(FrameHeader.SIZE);
        FrameHeader.writeHeader(r, e.get("typeId").intValue(), 0, i64(e.get("requestId")), e.get("tableId").intValue(),
                0);
        return FrameHeader.finish(r);
    }

    private static ByteBuf notification(JsonNode e) {
        ByteBuf f = ALLOC.heapBuffer();
        FrameHeader.writeHeader(f, e.get("typeId").intValue(), e.get("flags").intValue(), i64(e.get("requestId")),
                e.get("tableId").intValue(), e.get("clock").intValue());
        ControlCodec.writeView(f, ControlJson.viewOf(e.get("body")));
        return FrameHeader.finish(f);
    }

    private static ByteBuf error(JsonNode e) {
        ErrorCode code = errorCode(e);
        if (code == null) {
            throw new IllegalStateException("error code " + e.get("body").get("code") + " is not in this build");
        }
        return ErrorFrames.encode(ALLOC, e.get("typeId").intValue(), i64(e.get("requestId")),
                e.get("tableId").intValue(), code, e.get("body").get("message").asText());
    }
}
