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
 * @param heartbeatTimeout silence after which a worker is declared dead
 */
public record CoordinatorConfig(String host, int port, int servers, int workers, Consistency consistency,
                                int partitions, Duration heartbeatTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7100;
    public static final int DEFAULT_PARTITIONS = 1024;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

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
    }

    /** 127.0.0.1:7100, BSP, 1024 partitions, 3 s heartbeat timeout. */
    public static CoordinatorConfig defaults(int servers, int workers) {
        return new CoordinatorConfig(DEFAULT_HOST, DEFAULT_PORT, servers, workers, Consistency.bsp(),
                DEFAULT_PARTITIONS, DEFAULT_HEARTBEAT_TIMEOUT);
    }

    public CoordinatorConfig withHost(String h) {
        return new CoordinatorConfig(h, port, servers, workers, consistency, partitions, heartbeatTimeout);
    }

    public CoordinatorConfig withPort(int p) {
        return new CoordinatorConfig(host, p, servers, workers, consistency, partitions, heartbeatTimeout);
    }

    public CoordinatorConfig withServers(int n) {
        return new CoordinatorConfig(host, port, n, workers, consistency, partitions, heartbeatTimeout);
    }

    public CoordinatorConfig withWorkers(int n) {
        return new CoordinatorConfig(host, port, servers, n, consistency, partitions, heartbeatTimeout);
    }

    public CoordinatorConfig withConsistency(Consistency c) {
        return new CoordinatorConfig(host, port, servers, workers, c, partitions, heartbeatTimeout);
    }

    public CoordinatorConfig withPartitions(int n) {
        return new CoordinatorConfig(host, port, servers, workers, consistency, n, heartbeatTimeout);
    }

    public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
        return new CoordinatorConfig(host, port, servers, workers, consistency, partitions, timeout);
    }
}
