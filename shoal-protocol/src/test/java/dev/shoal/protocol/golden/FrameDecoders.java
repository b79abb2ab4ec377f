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
import dev.shoal.protocol.codec.SparseFrames;
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
 * file has no trailing bytes.
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
            case CLOCK -> exactly(f, b -> JSON.createObjectNode());
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
            case HEARTBEAT, LEAVE, INSTALL_TABLE, PUSH_DENSE, PUSH_SPARSE, CLOCK, REPLICATE -> exactly(f,
                    b -> JSON.createObjectNode());
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
