package dev.shoal.bench.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.server.metrics.MetricsEndpoint;
import dev.shoal.server.metrics.ServerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PrometheusTextTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A server's registry after a few requests, plus a label value with every character that needs care. */
    private static PrometheusMeterRegistry serverRegistry() {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        ServerMetrics metrics = new ServerMetrics(registry);
        metrics.watch(() -> 2, () -> 7, () -> 4096);
        metrics.pushed(4096);
        metrics.pulled(1000, 9, 7);
        Counter.builder("odd").tag("path", "a \"b\", {c}\\d\ne").register(registry).increment(3);
        return registry;
    }

    private static void assertServerSamples(Map<Series, Double> s) {
        assertThat(PrometheusText.value(s, Series.of("shoal_server_push_bytes_total"))).isEqualTo(4096);
        assertThat(PrometheusText.value(s, Series.of("shoal_server_pull_bytes_total"))).isEqualTo(1000);
        assertThat(PrometheusText.value(s, Series.of("shoal_server_pushes_total"))).isEqualTo(1);
        assertThat(PrometheusText.value(s, Series.of("shoal_server_parked_connections"))).isEqualTo(2);
        assertThat(PrometheusText.value(s, Series.of("shoal_server_refused_total", "code", "NOT_OWNER"))).isZero();
        assertThat(PrometheusText.value(s, Series.of("shoal_server_staleness_clocks_bucket", "le", "2.0")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(s, Series.of("shoal_server_staleness_clocks_bucket", "le", "+Inf")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(s, Series.of("odd_total", "path", "a \"b\", {c}\\d\ne"))).isEqualTo(3);
    }

    @Test
    void readsWhatAPrometheusRegistryWrites() {
        assertServerSamples(PrometheusText.parse(serverRegistry().scrape()));
    }

    @Test
    void fetchesAServersEndpoint() throws IOException {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, serverRegistry())) {
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
            assertServerSamples(PrometheusText.fetch(uri, TIMEOUT));
        }
    }

    @Test
    void readsTimestampsSpecialValuesAndLabelsInAnyOrder() {
        Map<Series, Double> s = PrometheusText.parse("""
                # HELP m a metric
                # TYPE m gauge
                m{b="2",a="1"} +Inf 1700000000000
                m{a="1"} -Inf
                n NaN
                  o   1.5e3
                p{} 4
                q{a="x",} 5
                # EOF
                """);
        assertThat(s.get(Series.of("m", "a", "1", "b", "2"))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.get(Series.of("m", "a", "1"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.get(Series.of("n"))).isNaN();
        assertThat(s.get(Series.of("o"))).isEqualTo(1500);
        assertThat(s.get(Series.of("p"))).isEqualTo(4);
        assertThat(s.get(Series.of("q", "a", "x"))).isEqualTo(5);
        assertThat(s).hasSize(6);
        assertThat(Series.of("m", "b", "2", "a", "1")).hasToString("m{a=\"1\",b=\"2\"}");
    }

    @Test
    void malformedLinesAreRefusedWithTheirNumber() {
        assertThatThrownBy(() -> PrometheusText.parse("a 1\nb{x=\"1\" 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2, column")
                .hasMessageContaining("expected ',' or '}'");
        assertThatThrownBy(() -> PrometheusText.parse("a{x=\"1} 2"))
                .hasMessageContaining("no closing quote");
        assertThatThrownBy(() -> PrometheusText.parse("a lots"))
                .hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> PrometheusText.parse("a"))
                .hasMessageContaining("expected a value");
        assertThatThrownBy(() -> PrometheusText.parse("1a 3"))
                .hasMessageContaining("expected a metric name");
        assertThatThrownBy(() -> PrometheusText.parse("a 1\na 2"))
                .hasMessageContaining("line 2: a appears twice");
        assertThatThrownBy(() -> PrometheusText.value(Map.of(), Series.of("gone", "k", "v")))
                .hasMessageContaining("no gone{k=\"v\"}");
    }

    @Test
    void aClosedPortIsAClearError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        assertThatThrownBy(() -> PrometheusText.fetch(uri, TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessage("scraping " + uri + ": cannot connect (nothing listening, or refused)");
    }

    @Test
    void anUnknownHostIsAClearError() {
        URI uri = URI.create("http://no-such-host.invalid:9101/metrics");
        assertThatThrownBy(() -> PrometheusText.fetch(uri, TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessage("scraping " + uri + ": cannot resolve host no-such-host.invalid");
    }

    @Test
    void aPeerThatNeverAnswersTimesOut() throws IOException {
        // Connections complete in the backlog, but nothing ever reads or answers them.
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/metrics");
            assertThatThrownBy(() -> PrometheusText.fetch(uri, Duration.ofMillis(300))).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("scraping " + uri + ": no").hasMessageContaining("within 300 ms");
        }
    }

    @Test
    void aStatusOtherThan200IsAnError() throws IOException {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, MetricsEndpoint.newRegistry())) {
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/nothing-here");
            assertThatThrownBy(() -> PrometheusText.fetch(uri, TIMEOUT)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("scraping " + uri + ": HTTP 404");
        }
    }
}
