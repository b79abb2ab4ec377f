package dev.shoal.protocol.cluster;

/**
 * What a node registers as. Ids are wire values.
 *
 * <pre>{@code
 * NodeRole r = NodeRole.ofId(body.readUnsignedByte());
 * }</pre>
 */
public enum NodeRole {
    SERVER(0), WORKER(1);

    public final int id;

    NodeRole(int id) {
        this.id = id;
    }

    public static NodeRole ofId(int id) {
        for (NodeRole r : values()) {
            if (r.id == id) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown node role id " + id);
    }
}
