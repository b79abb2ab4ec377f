package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesTheServerMetricsInPrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        ServerMetrics metrics = new ServerMetrics(registry);
        metrics.watch(() -> 0, () -> 7, () -> 4096);
        metrics.pushed(100);
        metrics.pulled(64, 5, 3);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("shoal_server_pushes_total 1.0").contains("shoal_server_push_bytes_total 100.0")
                    .contains("shoal_server_staleness_clocks_sum 2.0").contains("shoal_server_min_clock 7.0")
                    .contains("shoal_server_refused_total{code=\"SHAPE_MISMATCH\"} 0.0");
        }
    }
}
