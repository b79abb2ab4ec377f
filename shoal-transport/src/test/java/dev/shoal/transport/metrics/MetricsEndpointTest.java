package dev.shoal.transport.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every request goes over real HTTP on loopback. */
class MetricsEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Health> health = new AtomicReference<>(Health.up().with("viewEpoch", 3));
    private NodeMetrics metrics;
    private MetricsEndpoint endpoint;

    /** What a route of this test answers. */
    record Stats(String table, long pushes) {
    }

    @BeforeEach
    void start() {
        metrics = NodeMetrics.create("Worker");
        endpoint = MetricsEndpoint.builder(metrics).health(health::get)
                .json("/stats", () -> new Stats("w", 42))
                .route("/raw", "application/octet-stream", () -> new byte[] {1, 2, 3})
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }

    @Test
    void metricsHoldTheJvmAndProcessMetersTaggedWithTheRole() throws Exception {
        metrics.identify(3);
        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.uri().toString()).isEqualTo(endpoint.url());
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.PROMETHEUS_TEXT);
        assertThat(r.body()).contains("jvm_memory_used_bytes{area=\"heap\",id=", "jvm_threads_live_threads{role=\"worker\"}",
                "jvm_classes_loaded_classes{role=\"worker\"}", "process_uptime_seconds{role=\"worker\"}",
                "system_cpu_count{role=\"worker\"}", "process_files_open_files{role=\"worker\"}",
                "shoal_node_info{node=\"3\",role=\"worker\"} 1\n");
        assertThat(r.body()).containsPattern("jvm_gc_\\w+\\{");
    }

    @Test
    void healthIs200WhenUpAnd503WithTheReasonWhenDown() throws Exception {
        HttpResponse<String> up = get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.JSON_TYPE);
        assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"role\":\"worker\",\"details\":{\"viewEpoch\":3}}");

        metrics.identify(0);
        health.set(Health.down("lost the coordinator at 10.0.0.1:7100"));
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"lost the coordinator at 10.0.0.1:7100\","
                + "\"role\":\"worker\",\"node\":\"0\",\"details\":{}}");
    }

    @Test
    void aHealthCheckThatThrowsIsDownNotAnError() throws Exception {
        MetricsEndpoint failing = MetricsEndpoint.builder(metrics)
                .health(() -> { throw new IllegalStateException("no session"); }).start("127.0.0.1", 0);
        try (failing) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + failing.port()
                    + "/health")).build());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"reason\":\"the health check failed: java.lang.IllegalStateException: "
                    + "no session\"");
        }
    }

    @Test
    void extraRoutesServeJsonAndBytes() throws Exception {
        HttpResponse<String> stats = get("/stats");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).isEqualTo("{\"table\":\"w\",\"pushes\":42}");

        HttpResponse<byte[]> raw = http.send(HttpRequest.newBuilder(uri("/raw")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(raw.body()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownPathsAndMethodsAreRefusedSayingWhatIsServed() throws Exception {
        HttpResponse<String> missing = get("/metricsz");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("no such path /metricsz; paths: /health, /metrics, /raw, /stats");

        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aRouteMayNotReplaceAnotherOrLackItsSlash() {
        MetricsEndpoint.Builder b = MetricsEndpoint.builder(metrics);
        assertThatThrownBy(() -> b.json("/health", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/health is served already; routes: [/metrics, /health]");
        assertThatThrownBy(() -> b.json("stats", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a route is a path such as /stats, got 'stats'");
    }

    @Test
    void aPortInUseIsRefusedNamingTheAddress() {
        assertThatThrownBy(() -> MetricsEndpoint.builder(metrics).start("127.0.0.1", endpoint.port()))
                .isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.UNREACHABLE))
                .hasMessageStartingWith("cannot serve metrics on 127.0.0.1:" + endpoint.port() + ": ");
    }

    @Test
    void aNodeIsIdentifiedOnce() {
        metrics.identify(1);
        assertThatThrownBy(() -> metrics.identify(2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("worker 1 was already identified; got id 2");
    }
}
