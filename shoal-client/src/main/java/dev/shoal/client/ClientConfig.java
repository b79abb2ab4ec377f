package dev.shoal.client;

import dev.shoal.transport.netty.RequestTimeouts;
import dev.shoal.transport.netty.TransportOptions;
import java.time.Duration;

/**
 * How a worker reaches the job.
 *
 * <pre>{@code
 * ClientConfig c = ClientConfig.of("127.0.0.1:7100").withJoinTimeout(Duration.ofSeconds(30))
 *         .withRequestTimeouts(RequestTimeouts.defaults().withPull(Duration.ofMinutes(20)));
 * }</pre>
 *
 * @param coordinatorHost where the coordinator listens
 * @param coordinatorPort its port
 * @param joinTimeout     how long to wait for the coordinator and for the cluster to complete
 * @param transport       connection limits (frame size, requests in flight per server, connect timeout) and the
 *                        deadline of each kind of request ({@link TransportOptions#requestTimeouts()})
 * @param failoverTimeout how long a request to the servers keeps being resent after its first retriable failure
 *                        (a server died or hung, and the job's layout moves its ranges to their backups) before
 *                        it fails with that error; default 30 s, ten times the coordinator's default heartbeat timeout
 */
public record ClientConfig(String coordinatorHost, int coordinatorPort, Duration joinTimeout,
                           TransportOptions transport, Duration failoverTimeout) {

    /** The default {@link #failoverTimeout()}. */
    public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    /** Parses {@code host:port}. */
    public static ClientConfig of(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException("coordinator address must be host:port, got '" + endpoint + "'");
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("coordinator port must be a number, got '" + endpoint + "'");
        }
        return new ClientConfig(endpoint.substring(0, colon), port, Duration.ofSeconds(60),
                TransportOptions.defaults().withIoThreads(2), DEFAULT_FAILOVER_TIMEOUT);
    }

    public ClientConfig withJoinTimeout(Duration d) {
        return new ClientConfig(coordinatorHost, coordinatorPort, d, transport, failoverTimeout);
    }

    /** Deadlines of the requests to the servers and the coordinator; see {@link RequestTimeouts} for defaults. */
    public ClientConfig withRequestTimeouts(RequestTimeouts t) {
        return withTransport(transport.withRequestTimeouts(t));
    }

    public ClientConfig withTransport(TransportOptions t) {
        return new ClientConfig(coordinatorHost, coordinatorPort, joinTimeout, t, failoverTimeout);
    }

    /** How long a request keeps being resent, from its first retriable failure, before it fails. */
    public ClientConfig withFailoverTimeout(Duration d) {
        return new ClientConfig(coordinatorHost, coordinatorPort, joinTimeout, transport, d);
    }
}
