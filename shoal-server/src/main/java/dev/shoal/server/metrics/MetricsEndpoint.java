package dev.shoal.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A server's HTTP endpoint, on the JDK's HTTP server: {@code GET /metrics}, the Prometheus registry as text;
 * {@code GET /stats}, the same figures and more as JSON ({@link ServerStats}); {@code GET /health}, 200
 * {@code {"status":"UP"}} once the server has joined and serves, else 503 {@code {"status":"DOWN"}}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
 * try (MetricsEndpoint e = MetricsEndpoint.start("0.0.0.0", 9101, registry, handler::stats, serving::get)) {
 *     // curl http://127.0.0.1:9101/metrics, /stats, /health
 * }
 * }</pre>
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final String JSON = "application/json; charset=utf-8";
    private final HttpServer http;

    private MetricsEndpoint(HttpServer http) {
        this.http = http;
    }

    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Serves {@code /metrics} only; {@code /stats} and {@code /health} answer 404. */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry) {
        return start(host, port, registry, null, null);
    }

    /**
     * Listens on {@code host:port} (0 = any free port); fails naming the address. {@code stats} is called for every
     * {@code /stats}, {@code serving} for every {@code /health}; either may be null to leave its path out.
     */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry,
                                        Supplier<ServerStats> stats, BooleanSupplier serving) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
            http.createContext("/metrics", exchange -> answer(exchange, 200,
                    "text/plain; version=0.0.4; charset=utf-8", registry::scrape));
            if (stats != null) {
                http.createContext("/stats", exchange -> answer(exchange, 200, JSON, () -> stats.get().toJson()));
            }
            if (serving != null) {
                http.createContext("/health", exchange -> {
                    boolean up = serving.getAsBoolean();
                    answer(exchange, up ? 200 : 503, JSON, () -> up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
                });
            }
            http.start();
            return new MetricsEndpoint(http);
        } catch (IOException e) {
            throw new ShoalException(ErrorCode.UNREACHABLE, "cannot serve metrics on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Answers GET (and HEAD) with {@code body}, anything else with 405; an unknown path below a context 404. */
    private static void answer(HttpExchange exchange, int status, String type, Supplier<String> body)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
