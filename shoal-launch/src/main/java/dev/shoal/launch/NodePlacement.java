package dev.shoal.launch;

import java.util.List;

/**
 * Where each node of a {@link LocalCluster} runs: the address it listens on and is reached at, and a command
 * put before its {@code java ...} command line, such as {@code ip netns exec <namespace>}.
 *
 * <pre>{@code
 * NodePlacement namespaces = new NodePlacement() {
 *     public String host(String node) { return addresses.get(node); }
 *     public List<String> commandPrefix(String node) { return List.of("ip", "netns", "exec", "ns-" + node); }
 * };
 * LocalCluster.builder().servers(2).workers(2).placement(namespaces).build();
 * }</pre>
 *
 * <p>Nodes are named {@code coordinator}, {@code server-N} and {@code worker-N}. The coordinator and servers
 * listen on their {@link #host}, and servers and workers reach the coordinator at its host; workers reach
 * servers at the address each server advertises, which is its host. A worker's own host is not used: it only
 * connects out. Ports are picked on loopback in this process's namespace, which is fine when each node has a
 * namespace of its own.
 */
public interface NodePlacement {

    /** Every node on 127.0.0.1 in this process's network namespace: what {@link LocalCluster} does by default. */
    NodePlacement LOOPBACK = new NodePlacement() {
        @Override
        public String host(String node) {
            return "127.0.0.1";
        }

        @Override
        public List<String> commandPrefix(String node) {
            return List.of();
        }

        @Override
        public String toString() {
            return "loopback";
        }
    };

    /** The address {@code node} listens on and other nodes reach it at. */
    String host(String node);

    /**
     * Words run before the node's java command, which they must exec (not fork) so that the started process
     * is the JVM and stopping it stops the node; empty for none.
     */
    List<String> commandPrefix(String node);
}
