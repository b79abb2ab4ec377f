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

/**
 * Serves a Prometheus registry as text on {@code http://host:port/metrics}, on the JDK's HTTP server.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
 * try (MetricsEndpoint e = MetricsEndpoint.start("0.0.0.0", 9101, registry)) {
 *     // curl http://127.0.0.1:9101/metrics
 * }
 * }</pre>
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer http;

    private MetricsEndpoint(HttpServer http) {
        this.http = http;
    }

    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Listens on {@code host:port} (0 = any free port); fails naming the address. */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
            http.createContext("/metrics", exchange -> answer(exchange, registry));
            http.start();
            return new MetricsEndpoint(http);
        } catch (IOException e) {
            throw new ShoalException(ErrorCode.UNREACHABLE, "cannot serve metrics on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
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
