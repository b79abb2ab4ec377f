package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.channel.Channel;

/**
 * A registered node as the coordinator tracks it. Mutable fields are guarded by the coordinator's lock.
 */
final class Member {
    final NodeRole role;
    final int id;
    final String host;
    final int port;
    /** The connection the node registered on: views go there, and its closing means the node is gone. */
    final Channel channel;
    /** Servers only: the coordinator's own connection, used for INSTALL_TABLE; null for workers. */
    final RpcClient client;
    long lastSeenNanos;
    /** Servers are only timed out once they have shown that they send heartbeats at all. */
    boolean heartbeating;
    boolean dead;
    /** Set with {@link #dead} when the node said LEAVE, so that metrics tell a clean exit from a death. */
    boolean left;
    /** A server that rejoined the running job and is catching up: copied to, but not in service yet. */
    boolean joining;

    /** What the coordinator's metrics count members by. */
    enum State { LIVE, DEAD, LEFT }

    Member(NodeRole role, int id, String host, int port, Channel channel, RpcClient client, long nowNanos) {
        this.role = role;
        this.id = id;
        this.host = host;
        this.port = port;
        this.channel = channel;
        this.client = client;
        this.lastSeenNanos = nowNanos;
    }

    State state() {
        return !dead ? State.LIVE : left ? State.LEFT : State.DEAD;
    }

    String endpoint() {
        return host + ":" + port;
    }

    NodeAddress address() {
        return new NodeAddress(id, host, port);
    }

    @Override
    public String toString() {
        return roleName(role) + " " + id + " at " + endpoint();
    }

    static String roleName(NodeRole role) {
        return role == NodeRole.SERVER ? "server" : "worker";
    }
}
