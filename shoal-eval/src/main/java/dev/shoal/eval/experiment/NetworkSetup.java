package dev.shoal.eval.experiment;

import dev.shoal.launch.LocalClusterBuilder;
import dev.shoal.eval.netem.EmulatedNetwork;
import dev.shoal.eval.netem.LinkRate;

/**
 * Where a run's nodes live: all on loopback, or each in its own network namespace of an {@link EmulatedNetwork}
 * whose links are shaped to the run's rate; the namespaces go away with the run.
 *
 * <pre>{@code
 * try (NetworkSetup net = NetworkSetup.of(spec)) {
 *     net.place(clusterBuilder);      // coordinator, servers, workers: namespaces 0, 1..S, S+1..S+W
 *     ...
 * }
 * }</pre>
 */
final class NetworkSetup implements AutoCloseable {
    private final EmulatedNetwork network;
    private final int servers;

    private NetworkSetup(EmulatedNetwork network, int servers) {
        this.network = network;
        this.servers = servers;
    }

    /** Loopback for a loopback run; otherwise builds the namespaces (or fails saying why it cannot). */
    static NetworkSetup of(RunSpec spec) {
        if (!spec.isEmulated()) {
            return new NetworkSetup(null, spec.servers());
        }
        LinkRate rate = LinkRate.parse(spec.network());
        return new NetworkSetup(EmulatedNetwork.create(1 + spec.servers() + spec.workers(), rate), spec.servers());
    }

    void place(LocalClusterBuilder builder) {
        if (network != null) {
            builder.placement(network.placement(servers));
        }
    }

    @Override
    public void close() {
        if (network != null) {
            network.close();
        }
    }
}
