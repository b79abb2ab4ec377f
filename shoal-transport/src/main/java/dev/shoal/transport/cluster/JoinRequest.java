package dev.shoal.transport.cluster;

import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.transport.netty.TransportOptions;
import java.time.Duration;

/**
 * Who a node is and where the coordinator is, for {@link CoordinatorSession#join}.
 *
 * <pre>{@code
 * JoinRequest j = JoinRequest.worker("127.0.0.1", 7100).withJoinTimeout(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param coordinatorHost where the coordinator listens
 * @param coordinatorPort its port
 * @param role            server or worker
 * @param advertiseHost   address others reach this node at (servers)
 * @param advertisePort   port others reach this node at (servers; 0 for workers)
 * @param joinTimeout     how long to keep trying to reach the coordinator
 * @param heartbeat       heartbeat interval
 * @param transport       transport limits of the coordinator connection
 */
public record JoinRequest(String coordinatorHost, int coordinatorPort, NodeRole role, String advertiseHost,
                          int advertisePort, Duration joinTimeout, Duration heartbeat, TransportOptions transport) {

    public static JoinRequest worker(String coordinatorHost, int coordinatorPort) {
        return new JoinRequest(coordinatorHost, coordinatorPort, NodeRole.WORKER, "", 0, Duration.ofSeconds(60),
                Duration.ofMillis(500), TransportOptions.defaults());
    }

    public static JoinRequest server(String coordinatorHost, int coordinatorPort, String host, int port) {
        return new JoinRequest(coordinatorHost, coordinatorPort, NodeRole.SERVER, host, port, Duration.ofSeconds(60),
                Duration.ofMillis(500), TransportOptions.defaults());
    }

    public JoinRequest withJoinTimeout(Duration d) {
        return new JoinRequest(coordinatorHost, coordinatorPort, role, advertiseHost, advertisePort, d, heartbeat,
                transport);
    }

    public JoinRequest withHeartbeat(Duration d) {
        return new JoinRequest(coordinatorHost, coordinatorPort, role, advertiseHost, advertisePort, joinTimeout, d,
                transport);
    }

    public JoinRequest withTransport(TransportOptions t) {
        return new JoinRequest(coordinatorHost, coordinatorPort, role, advertiseHost, advertisePort, joinTimeout,
                heartbeat, t);
    }

    public String coordinatorEndpoint() {
        return coordinatorHost + ":" + coordinatorPort;
    }
}
