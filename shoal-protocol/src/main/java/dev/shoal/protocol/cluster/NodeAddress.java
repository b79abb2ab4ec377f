package dev.shoal.protocol.cluster;

/**
 * A server as the coordinator publishes it: id (0-based, in join order) and where it listens.
 *
 * <pre>{@code
 * NodeAddress s = new NodeAddress(0, "127.0.0.1", 7101);
 * String where = s.endpoint();  // "127.0.0.1:7101"
 * }</pre>
 */
public record NodeAddress(int id, String host, int port) {
    public String endpoint() {
        return host + ":" + port;
    }
}
