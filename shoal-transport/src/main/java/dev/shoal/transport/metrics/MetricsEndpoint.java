package dev.shoal.transport.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP endpoint, on the JDK's HTTP server: {@code /metrics} (Prometheus text), {@code /health} (JSON; 200
 * when UP, 503 with the reason when DOWN) and whatever routes the node adds.
 *
 * <pre>{@code
 * MetricsEndpoint endpoint = MetricsEndpoint.builder(nodeMetrics)
 *         .health(() -> coordinator.health())               // default: always UP
 *         .json("/stats", () -> handler.stats())            // any value Jackson can write
 *         .start("0.0.0.0", 9101);                          // port 0: any free one, see port()
 * // curl http://127.0.0.1:9101/metrics ; curl http://127.0.0.1:9101/health
 * // 200 {"status":"UP","role":"coordinator","details":{"cluster":"complete","viewEpoch":1,"liveWorkers":4}}
 * // 503 {"status":"DOWN","reason":"1 server lost: their slices are unavailable","role":"coordinator",...}
 * }</pre>
 *
 * <p>Only GET and HEAD are answered; an unknown path gets 404 naming the paths there are. Requests are served one
 * at a time on the server's dispatcher thread: a scraper every few seconds needs no more, and a slow supplier
 * delays only the next scrape, never the node's own threads.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private final HttpServer http;
    private final String host;

    private MetricsEndpoint(HttpServer http, String host) {
        this.http = http;
        this.host = host;
    }

    /** An endpoint serving {@code metrics}' registry, its role and id on {@code /health}, and nothing else yet. */
    public static Builder builder(NodeMetrics metrics) {
        return new Builder(metrics);
    }

    /** The port listened on (the bound one when started with 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Where to scrape, e.g. {@code http://10.0.0.2:9101/metrics}, for a node's log line: the address it listens on
     * (which, for 0.0.0.0, a scraper replaces by the machine's address).
     */
    public String url() {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port() + "/metrics";
    }

    /** Stops listening at once. */
    @Override
    public void close() {
        http.stop(0);
    }

    /** What an endpoint serves, and where it listens. */
    public static final class Builder {
        private final NodeMetrics metrics;
        private Supplier<Health> health = Health::up;
        private final Map<String, Supplier<Answer>> routes = new LinkedHashMap<>();

        private Builder(NodeMetrics metrics) {
            this.metrics = metrics;
            routes.put("/metrics", () -> new Answer(200, PROMETHEUS_TEXT, text(metrics.registry().scrape())));
            routes.put("/health", this::healthAnswer);
        }

        /** What {@code /health} reports; asked on every request, so it should only read state. */
        public Builder health(Supplier<Health> supplier) {
            this.health = supplier;
            return this;
        }

        /** Serves {@code supplier}'s value, written as JSON by Jackson (a record, a map, a number...). */
        public Builder json(String path, Supplier<?> supplier) {
            return add(path, () -> new Answer(200, JSON_TYPE, toJson(supplier.get())));
        }

        /** Serves the bytes {@code supplier} returns as they are, with this content type. */
        public Builder route(String path, String contentType, Supplier<byte[]> supplier) {
            return add(path, () -> new Answer(200, contentType, supplier.get()));
        }

        private Builder add(String path, Supplier<Answer> route) {
            if (path == null || !path.startsWith("/") || path.length() < 2) {
                throw new IllegalArgumentException("a route is a path such as /stats, got '" + path + "'");
            }
            if (routes.putIfAbsent(path, route) != null) {
                throw new IllegalArgumentException(path + " is served already; routes: " + routes.keySet());
            }
            return this;
        }

        /** Listens on {@code host:port} (0 = any free port); fails with UNREACHABLE naming the address. */
        public MetricsEndpoint start(String host, int port) {
            Map<String, Supplier<Answer>> served = Map.copyOf(routes);
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
                http.createContext("/", exchange -> serve(exchange, served));
                http.start();
                return new MetricsEndpoint(http, host);
            } catch (IOException | IllegalArgumentException e) {
                throw new ShoalException(ErrorCode.UNREACHABLE, "cannot serve metrics on " + host + ":" + port + ": "
                        + e.getMessage() + " (choose another --metrics-port, or 0 for any free one)", e);
            }
        }

        private Answer healthAnswer() {
            Health h;
            try {
                h = health.get();
            } catch (RuntimeException e) {
                LOG.warn("the health check failed", e);
                h = Health.down("the health check failed: " + e);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", h.status().name());
            if (!h.isUp()) {
                body.put("reason", h.reason());
            }
            body.put("role", metrics.role());
            if (metrics.nodeId() != null) {
                body.put("node", metrics.nodeId());
            }
            body.put("details", h.details());
            return new Answer(h.isUp() ? 200 : 503, JSON_TYPE, toJson(body));
        }
    }

    /** What a route answers. */
    private record Answer(int status, String contentType, byte[] body) {
        static Answer plain(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", text(message));
        }
    }

    private static void serve(HttpExchange exchange, Map<String, Supplier<Answer>> routes) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Supplier<Answer> route = routes.get(path);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, Answer.plain(405, method + " is not served; use GET"));
            } else if (route == null) {
                send(exchange, Answer.plain(404, "no such path " + path + "; paths: "
                        + String.join(", ", new TreeMap<>(routes).keySet())));
            } else {
                send(exchange, answer(path, route));
            }
        }
    }

    /** A supplier that fails answers 500 with its message: the node keeps running, the scraper sees why. */
    private static Answer answer(String path, Supplier<Answer> route) {
        try {
            return route.get();
        } catch (RuntimeException e) {
            LOG.warn("cannot answer {}", path, e);
            return Answer.plain(500, "cannot answer " + path + ": " + e);
        }
    }

    private static void send(HttpExchange exchange, Answer a) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", a.contentType());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(a.status(), head ? -1 : a.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] toJson(Object value) {
        return Json.bytes(value);
    }
}
