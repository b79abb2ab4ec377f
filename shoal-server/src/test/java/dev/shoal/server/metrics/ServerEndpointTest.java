package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerEndpointTest {

    @Test
    void servesTheServerMetricsInPrometheusTextFormat() throws Exception {
        NodeMetrics node = NodeMetrics.create("server");
        ServerMetrics metrics = new ServerMetrics(node.registry());
        metrics.watch(() -> 0, () -> 7, () -> 4096);
        metrics.pushed(100);
        metrics.pulled(64, 5, 3);
        try (node; MetricsEndpoint endpoint = ServerEndpoint.start(node, "127.0.0.1", 0, () -> null, () -> true)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("shoal_server_pushes_total{role=\"server\"} 1.0")
                    .contains("shoal_server_push_bytes_total{role=\"server\"} 100.0")
                    .contains("shoal_server_staleness_clocks_sum{role=\"server\"} 2.0")
                    .contains("shoal_server_min_clock{role=\"server\"} 7.0")
                    .contains("shoal_server_refused_total{code=\"SHAPE_MISMATCH\",role=\"server\"} 0.0")
                    // The JVM and process meters every node has.
                    .contains("jvm_memory_used_bytes", "process_cpu_usage");
        }
    }
}
