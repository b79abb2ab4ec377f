package dev.shoal.protocol.codec;

import dev.shoal.protocol.cluster.NodeRole;
import io.netty.buffer.ByteBuf;

/**
 * Bodies of the membership messages a node exchanges with the coordinator: REGISTER (and its answer), HEARTBEAT
 * and LEAVE. One home for their layout, used by the node's session, the coordinator and the golden-frame tests.
 * Readers advance the reader index and throw {@link IndexOutOfBoundsException} or {@link IllegalArgumentException}
 * on truncated or invalid input.
 *
 * <pre>{@code
 * MembershipCodec.writeRegistration(body, new MembershipCodec.Registration(NodeRole.SERVER, "10.0.0.2", 7101));
 * MembershipCodec.Registration r = MembershipCodec.readRegistration(body);
 * }</pre>
 *
 * <p>Layouts (little-endian; docs/PROTOCOL.md, REGISTER and HEARTBEAT/LEAVE):
 * <pre>
 * REGISTER request  := u8 role, str host, i32 port
 * REGISTER response := i32 nodeId, str status
 * HEARTBEAT, LEAVE  := i32 nodeId, u8 role          (their responses are empty)
 * </pre>
 */
public final class MembershipCodec {
    /** Room for a REGISTER body or its answer with a typical host name or status line; buffers grow if needed. */
    public static final int BODY_HINT = 64;
    /** Bytes of a HEARTBEAT or LEAVE body. */
    public static final int NODE_BODY_BYTES = Integer.BYTES + 1;

    private MembershipCodec() {
    }

    /**
     * What a node registers as and where it can be reached.
     *
     * @param role what the node is
     * @param host the address it advertises (a worker's only names it in logs)
     * @param port the port it serves on (0 for a worker)
     */
    public record Registration(NodeRole role, String host, int port) {
    }

    /**
     * The coordinator's answer to a registration.
     *
     * @param nodeId the id of the node within its role, 0-based in join order
     * @param status what the cluster waits for, for the node's log
     */
    public record Registered(int nodeId, String status) {
    }

    /**
     * A node naming itself in a HEARTBEAT or LEAVE.
     *
     * @param nodeId its id within its role
     * @param role   its role
     */
    public record NodeRef(int nodeId, NodeRole role) {
    }

    public static void writeRegistration(ByteBuf b, Registration r) {
        b.writeByte(r.role().id);
        Strings.write(b, r.host());
        b.writeIntLE(r.port());
    }

    public static Registration readRegistration(ByteBuf b) {
        NodeRole role = NodeRole.ofId(b.readUnsignedByte());
        String host = Strings.read(b);
        return new Registration(role, host, b.readIntLE());
    }

    public static void writeRegistered(ByteBuf b, Registered r) {
        b.writeIntLE(r.nodeId());
        Strings.write(b, r.status());
    }

    public static Registered readRegistered(ByteBuf b) {
        int id = b.readIntLE();
        return new Registered(id, Strings.read(b));
    }

    public static void writeNode(ByteBuf b, NodeRef n) {
        b.writeIntLE(n.nodeId()).writeByte(n.role().id);
    }

    public static NodeRef readNode(ByteBuf b) {
        int id = b.readIntLE();
        return new NodeRef(id, NodeRole.ofId(b.readUnsignedByte()));
    }
}
