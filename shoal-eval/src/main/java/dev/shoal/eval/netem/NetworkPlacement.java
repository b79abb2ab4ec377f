package dev.shoal.eval.netem;

import dev.shoal.launch.NodePlacement;
import java.util.List;

/**
 * Puts a local cluster's nodes on an {@link EmulatedNetwork}: {@code coordinator} in node 0, {@code server-N}
 * in node {@code 1 + N}, {@code worker-N} in node {@code 1 + servers + N}.
 *
 * <pre>{@code
 * NodePlacement p = net.placement(2);
 * p.host("server-1");            // net.address(2)
 * p.commandPrefix("worker-0");   // net.commandPrefix(3): [/usr/sbin/ip, netns, exec, shoal-<pid>-0-3]
 * }</pre>
 *
 * <p>A server started later to replace one (server-2 of a 2-server layout) has no node of its own and is refused
 * with a message, rather than sharing a worker's link.
 */
record NetworkPlacement(EmulatedNetwork net, int servers) implements NodePlacement {

    NetworkPlacement {
        if (servers < 1 || servers + 1 > net.nodes()) {
            throw new IllegalArgumentException("a network of " + net.nodes() + " nodes cannot hold a coordinator and "
                    + servers + " servers");
        }
    }

    @Override
    public String host(String node) {
        return net.address(index(node, servers, net.nodes()));
    }

    @Override
    public List<String> commandPrefix(String node) {
        return net.commandPrefix(index(node, servers, net.nodes()));
    }

    /** The network node that cluster node {@code name} runs in, on a network of {@code nodes} nodes. */
    static int index(String name, int servers, int nodes) {
        if (name.equals("coordinator")) {
            return 0;
        }
        int dash = name.lastIndexOf('-');
        String role = dash < 0 ? name : name.substring(0, dash);
        int n = dash < 0 ? -1 : parse(name.substring(dash + 1));
        int index = switch (role) {
            case "server" -> n >= 0 && n < servers ? 1 + n : -1;
            case "worker" -> n >= 0 ? 1 + servers + n : -1;
            default -> -1;
        };
        if (index < 0 || index >= nodes) {
            throw new IllegalArgumentException("no node of the emulated network for '" + name + "': it has "
                    + nodes + " nodes for the coordinator, " + servers + " servers and " + (nodes - 1 - servers)
                    + " workers");
        }
        return index;
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
