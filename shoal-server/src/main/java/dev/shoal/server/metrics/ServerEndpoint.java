package dev.shoal.server.metrics;

import dev.shoal.transport.metrics.Health;
import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A server's HTTP endpoint: the node endpoint every role has ({@code /metrics}, {@code /health}) plus
 * {@code /stats}, the server's figures as {@link ServerStats} JSON for harnesses.
 *
 * <pre>{@code
 * MetricsEndpoint e = ServerEndpoint.start(nodeMetrics, "0.0.0.0", 9101, handler::stats, serving::get);
 * ServerStats s = ServerStats.fetch(URI.create("http://127.0.0.1:" + e.port() + "/stats"), Duration.ofSeconds(5));
 * }</pre>
 */
public final class ServerEndpoint {
    static final String JSON = "application/json; charset=utf-8";

    private ServerEndpoint() {
    }

    /** Listens on {@code host:port} (0: any free port); {@code /health} is UP while {@code serving} says so. */
    public static MetricsEndpoint start(NodeMetrics metrics, String host, int port, Supplier<ServerStats> stats,
                                        BooleanSupplier serving) {
        return MetricsEndpoint.builder(metrics)
                .health(() -> serving.getAsBoolean() ? Health.up()
                        : Health.down("not serving: joining the job, or closing"))
                // ServerStats writes itself, so /stats keeps its documented schema whatever the endpoint's mapper.
                .route("/stats", JSON, () -> stats.get().toJson().getBytes(StandardCharsets.UTF_8))
                .start(host, port);
    }
}
