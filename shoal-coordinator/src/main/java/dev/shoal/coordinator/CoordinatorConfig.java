package dev.shoal.coordinator;

import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.table.Consistency;
import java.time.Duration;

/**
 * Settings of one job's coordinator: where it listens, how many nodes it waits for and the job-wide rules it
 * publishes in the cluster view.
 *
 * <pre>{@code
 * CoordinatorConfig c = CoordinatorConfig.defaults(2, 4)
 *         .withPort(0)                                  // any free port
 *         .withConsistency(Consistency.ssp(3))
 *         .withHeartbeatTimeout(Duration.ofMillis(500));
 * try (Coordinator coordinator = Coordinator.start(c)) { ... }
 * }</pre>
 *
 * @param host             address to listen on
 * @param port             port to listen on; 0 picks a free one (see {@link Coordinator#port()})
 * @param servers          servers the job waits for before it starts
 * @param workers          workers the job waits for before it starts
 * @param consistency      the job's default rule (a table may override it)
 * @param partitions       virtual partitions of sparse keys
 * @param heartbeatTimeout silence after which a node is declared dead
 * @param replication      servers holding each slice and partition of an ASP or SSP table; 0 for the default,
 *                         2 when there are at least 2 servers ({@link #replicationFactor()})
 */
public record CoordinatorConfig(String host, int port, int servers, int workers, Consistency consistency,
                                int partitions, Duration heartbeatTimeout, int replication) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7100;
    public static final int DEFAULT_PARTITIONS = 1024;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    /** The largest replication factor: see the constructor's refusal for why. */
    public static final int MAX_REPLICATION = 2;

    public CoordinatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("coordinator host is required");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("coordinator port must be in [0, 65535], got " + port);
        }
        if (servers < 1 || workers < 1) {
            throw new IllegalArgumentException("a job needs at least one server and one worker, got " + servers
                    + " servers and " + workers + " workers");
        }
        if (consistency == null) {
            throw new IllegalArgumentException("the job's consistency is required (bsp, asp or ssp:N)");
        }
        if (partitions < 1 || partitions > ControlCodec.MAX_COUNT) {
            throw new IllegalArgumentException("partitions must be in [1, " + ControlCodec.MAX_COUNT + "], got "
                    + partitions);
        }
        if (heartbeatTimeout == null || heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("heartbeat timeout must be positive, got " + heartbeatTimeout);
        }
        if (replication < 0 || replication > servers) {
            throw new IllegalArgumentException("replication must be in [1, " + servers + "] (one copy per server at "
                    + "most), got " + replication);
        }
        if (replication > MAX_REPLICATION) {
            throw new IllegalArgumentException("replication above " + MAX_REPLICATION + " is not supported yet (a "
                    + "server rejoining a job of 3 replicas could take request ids of units it does not hold); got "
                    + replication);
        }
    }

    /** Copies of each unit of a replicated table: the configured factor, else 2 when there are 2+ servers. */
    public int replicationFactor() {
        return replication > 0 ? replication : Math.min(2, servers);
    }

    /**
     * Copies of each unit of a table under {@code rule}: the replication factor, whatever the rule (a BSP table's
     * rounds are replicated after aggregation, an ASP or SSP table's pushes one by one).
     */
    public int replicasFor(Consistency rule) {
        return replicationFactor();
    }

    /** 127.0.0.1:7100, BSP, 1024 partitions, 3 s heartbeat timeout. */
    public static CoordinatorConfig defaults(int servers, int workers) {
        return new CoordinatorConfig(DEFAULT_HOST, DEFAULT_PORT, servers, workers, Consistency.bsp(),
                DEFAULT_PARTITIONS, DEFAULT_HEARTBEAT_TIMEOUT, 0);
    }

    public CoordinatorConfig withHost(String h) {
        return new CoordinatorConfig(h, port, servers, workers, consistency, partitions, heartbeatTimeout, replication);
    }

    public CoordinatorConfig withPort(int p) {
        return new CoordinatorConfig(host, p, servers, workers, consistency, partitions, heartbeatTimeout, replication);
    }

    public CoordinatorConfig withServers(int n) {
        return new CoordinatorConfig(host, port, n, workers, consistency, partitions, heartbeatTimeout, replication);
    }

    public CoordinatorConfig withWorkers(int n) {
        return new CoordinatorConfig(host, port, servers, n, consistency, partitions, heartbeatTimeout, replication);
    }

    public CoordinatorConfig withConsistency(Consistency c) {
        return new CoordinatorConfig(host, port, servers, workers, c, partitions, heartbeatTimeout, replication);
    }

    public CoordinatorConfig withPartitions(int n) {
        return new CoordinatorConfig(host, port, servers, workers, consistency, n, heartbeatTimeout, replication);
    }

    /** {@code k} copies of each unit of an ASP or SSP table (1: none but the primary). */
    public CoordinatorConfig withReplication(int k) {
        return new CoordinatorConfig(host, port, servers, workers, consistency, partitions, heartbeatTimeout, k);
    }

    public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
        return new CoordinatorConfig(host, port, servers, workers, consistency, partitions, timeout, replication);
    }
}
