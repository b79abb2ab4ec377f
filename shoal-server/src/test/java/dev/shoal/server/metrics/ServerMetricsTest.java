package dev.shoal.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    private static final Pattern BUCKET = Pattern.compile(
            "^shoal_server_staleness_clocks_bucket\\{le=\"([^\"]+)\"} (\\S+)$", Pattern.MULTILINE);

    /** The cumulative staleness buckets of a scrape, by their {@code le} label, in the order scraped. */
    private static Map<String, Long> stalenessBuckets(String scrape) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = BUCKET.matcher(scrape);
        while (m.find()) {
            out.put(m.group(1), (long) Double.parseDouble(m.group(2)));
        }
        return out;
    }

    @Test
    void stalenessIsAHistogramWithABucketPerWholeClock() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics metrics = new ServerMetrics(registry);
        int[] stalenesses = {0, 0, 1, 2, 2, 2, 5, 32, 40};
        for (int s : stalenesses) {
            metrics.pulled(8, 100 + s, 100);
        }
        metrics.pulled(8, 3, 7);   // a pull behind the slowest clock counts as fresh

        Map<String, Long> buckets = stalenessBuckets(registry.scrape());
        assertThat(buckets).hasSize(ServerMetrics.MAX_STALENESS_BUCKET + 2);
        assertThat(buckets.keySet()).startsWith("0.5", "1.0", "2.0", "3.0").endsWith("31.0", "32.0", "+Inf");
        assertThat(buckets.get("0.5")).isEqualTo(3);
        assertThat(buckets.get("1.0")).isEqualTo(4);
        assertThat(buckets.get("2.0")).isEqualTo(7);
        assertThat(buckets.get("4.0")).isEqualTo(7);
        assertThat(buckets.get("5.0")).isEqualTo(8);
        assertThat(buckets.get("31.0")).isEqualTo(8);
        assertThat(buckets.get("32.0")).isEqualTo(9);
        assertThat(buckets.get("+Inf")).isEqualTo(10);
        assertThat(registry.scrape()).contains("shoal_server_staleness_clocks_count 10\n",
                "shoal_server_staleness_clocks_sum 84.0\n", "shoal_server_staleness_clocks_max 40.0\n");
    }

    @Test
    void requestsAndTheirBytesAreCountedUnderTheirPrometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics metrics = new ServerMetrics(registry);
        metrics.pushed(4096);
        metrics.pushed(100);
        metrics.pulled(4000, 0, 0);
        metrics.refused(ErrorCode.NOT_OWNER);
        assertThat(registry.scrape()).contains("shoal_server_pushes_total 2.0\n",
                "shoal_server_push_bytes_total 4196.0\n", "shoal_server_pulls_total 1.0\n",
                "shoal_server_pull_bytes_total 4000.0\n", "shoal_server_refused_total{code=\"NOT_OWNER\"} 1.0\n");
    }

    @Test
    void requestsAreTimedByOpAndTableOnceTheTableIsInstalled() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics metrics = new ServerMetrics(registry);
        metrics.served(MessageType.PULL_DENSE, 1, 100, 100, 5_000);     // not installed here: not timed
        metrics.tableInstalled(1, "w");
        metrics.tableInstalled(3, "emb");
        metrics.served(MessageType.PULL_DENSE, 1, 100, 100, 5_000);
        metrics.served(MessageType.PUSH_PULL_SPARSE, 3, 100, 100, 7_000);
        metrics.served(MessageType.PUSH_PULL_SPARSE, 3, 100, 100, 9_000);
        metrics.served(MessageType.CLOCK, 0, 100, 100, 1_000);
        assertThat(registry.scrape()).contains(
                "shoal_server_requests_seconds_count{op=\"pull\",table=\"w\"} 1\n",
                "shoal_server_requests_seconds_count{op=\"push-pull\",table=\"emb\"} 2\n",
                "shoal_server_requests_seconds_sum{op=\"push-pull\",table=\"emb\"} 1.6E-5\n",
                "shoal_server_requests_seconds_count{op=\"push\",table=\"w\"} 0\n");
    }
}
