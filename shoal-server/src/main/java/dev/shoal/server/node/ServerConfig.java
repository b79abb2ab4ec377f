package dev.shoal.server.node;

import dev.shoal.transport.netty.TransportOptions;
import java.time.Duration;

/**
 * How a server process starts.
 *
 * <pre>{@code
 * ServerConfig c = ServerConfig.of("127.0.0.1", 7100).withPort(7101);
 * try (ServerNode s = ServerNode.start(c)) { s.awaitTermination(); }
 * }</pre>
 *
 * @param coordinatorHost where the coordinator listens
 * @param coordinatorPort its port
 * @param bindHost        the address to listen on
 * @param port            the port to listen on (0 = any free port)
 * @param advertiseHost   the address other nodes use to reach us; by default bindHost, or, when bound to every
 *                        interface, the address of the interface this server reaches the coordinator through
 * @param joinTimeout     how long to keep trying to reach the coordinator before giving up
 * @param heartbeat       interval between heartbeats
 * @param transport       transport limits
 * @param metricsPort     port of the HTTP endpoint on bindHost ({@code /metrics}, {@code /stats}, {@code /health});
 *                        -1 for none, 0 for any
 */
public record ServerConfig(String coordinatorHost, int coordinatorPort, String bindHost, int port, String advertiseHost,
                           Duration joinTimeout, Duration heartbeat, TransportOptions transport, int metricsPort) {

    public static ServerConfig of(String coordinatorHost, int coordinatorPort) {
        return new ServerConfig(coordinatorHost, coordinatorPort, "127.0.0.1", 0, null, Duration.ofSeconds(60),
                Duration.ofMillis(500), TransportOptions.defaults(), -1);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(coordinatorHost, coordinatorPort, bindHost, p, advertiseHost, joinTimeout, heartbeat,
                transport, metricsPort);
    }

    public ServerConfig withBindHost(String h) {
        return new ServerConfig(coordinatorHost, coordinatorPort, h, port, advertiseHost, joinTimeout, heartbeat,
                transport, metricsPort);
    }

    public ServerConfig withAdvertiseHost(String h) {
        return new ServerConfig(coordinatorHost, coordinatorPort, bindHost, port, h, joinTimeout, heartbeat, transport,
                metricsPort);
    }

    public ServerConfig withJoinTimeout(Duration d) {
        return new ServerConfig(coordinatorHost, coordinatorPort, bindHost, port, advertiseHost, d, heartbeat, transport,
                metricsPort);
    }

    public ServerConfig withTransport(TransportOptions t) {
        return new ServerConfig(coordinatorHost, coordinatorPort, bindHost, port, advertiseHost, joinTimeout, heartbeat,
                t, metricsPort);
    }

    public ServerConfig withMetricsPort(int p) {
        return new ServerConfig(coordinatorHost, coordinatorPort, bindHost, port, advertiseHost, joinTimeout, heartbeat,
                transport, p);
    }

    /**
     * The address to publish for this server, or "" to publish the local address of the connection to the
     * coordinator: on a host with several interfaces that is the one the coordinator's network reaches, where a
     * guess (the first interface, the host name) is the classic cause of a cluster that never forms.
     */
    public String publishedHost() {
        if (advertiseHost != null && !advertiseHost.isBlank()) {
            return advertiseHost;
        }
        return bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "" : bindHost;
    }
}
