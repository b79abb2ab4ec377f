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
 */
public record ClientConfig(String coordinatorHost, int coordinatorPort, Duration joinTimeout,
                           TransportOptions transport) {

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
                TransportOptions.defaults().withIoThreads(2));
    }

    public ClientConfig withJoinTimeout(Duration d) {
        return new ClientConfig(coordinatorHost, coordinatorPort, d, transport);
    }

    /** Deadlines of the requests to the servers and the coordinator; see {@link RequestTimeouts} for defaults. */
    public ClientConfig withRequestTimeouts(RequestTimeouts t) {
        return withTransport(transport.withRequestTimeouts(t));
    }

    public ClientConfig withTransport(TransportOptions t) {
        return new ClientConfig(coordinatorHost, coordinatorPort, joinTimeout, t);
    }
}
