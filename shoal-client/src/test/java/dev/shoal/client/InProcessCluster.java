package dev.shoal.client;

import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.server.node.ServerConfig;
import dev.shoal.server.node.ServerNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A coordinator and servers in this JVM, talking over real TCP on loopback, for client tests. Cluster tests with
 * separate processes live in shoal-cluster-tests.
 */
final class InProcessCluster implements AutoCloseable {
    final Coordinator coordinator;
    final List<ServerNode> servers = new ArrayList<>();

    InProcessCluster(int servers, int workers, Consistency consistency) {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(servers, workers).withPort(0)
                .withConsistency(consistency).withHeartbeatTimeout(Duration.ofSeconds(2)));
        for (int s = 0; s < servers; s++) {
            this.servers.add(ServerNode.start(ServerConfig.of("127.0.0.1", coordinator.port())));
        }
    }

    ClientConfig clientConfig() {
        return ClientConfig.of("127.0.0.1:" + coordinator.port()).withJoinTimeout(Duration.ofSeconds(20));
    }

    /** Connects {@code n} workers at once (the cluster completes only when all have joined). */
    List<ShoalClient> connectWorkers(int n) {
        List<CompletableFuture<ShoalClient>> joins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            joins.add(CompletableFuture.supplyAsync(() -> ShoalClient.connect(clientConfig())));
        }
        return joins.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        for (ServerNode s : servers) {
            s.close();
        }
        coordinator.close();
    }
}
