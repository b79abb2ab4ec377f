package dev.shoal.bench.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.shoal.server.metrics.MetricsEndpoint;
import dev.shoal.server.metrics.ServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketHistogramTest {

    @Test
    void aServersStalenessScrapeGivesThePullsServedAtEachStaleness() {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        ServerMetrics metrics = new ServerMetrics(registry);
        int[] stalenesses = {0, 0, 0, 1, 3, 3, 32, 33, 90};
        for (int s : stalenesses) {
            metrics.pulled(4, 10 + s, 10);
        }
        BucketHistogram h = BucketHistogram.of(PrometheusText.parse(registry.scrape()),
                "shoal_server_staleness_clocks");
        assertThat(h.count()).isEqualTo(stalenesses.length);
        assertThat(h.beyondLastBound()).isEqualTo(2);
        Map<Long, Long> byValue = h.perWholeValue();
        assertThat(byValue).hasSize(ServerMetrics.MAX_STALENESS_BUCKET + 1).contains(entry(0L, 3L), entry(1L, 1L),
                entry(2L, 0L), entry(3L, 2L), entry(31L, 0L), entry(32L, 1L));
        assertThat(byValue.keySet()).startsWith(0L, 1L, 2L).endsWith(32L);
        assertThat(h.perBucket().firstKey()).isEqualTo(0.5);
    }

    @Test
    void otherLabelsSelectTheSeries() {
        Map<Series, Double> s = PrometheusText.parse("""
                lat_bucket{op="push",le="1"} 2
                lat_bucket{op="push",le="2"} 5
                lat_bucket{op="push",le="+Inf"} 6
                lat_bucket{op="pull",le="1"} 1
                lat_bucket{op="pull",le="+Inf"} 1
                lat_count{op="pull"} 1
                """);
        BucketHistogram push = BucketHistogram.of(s, Series.of("lat", "op", "push"));
        assertThat(push.perBucket()).containsExactly(entry(1.0, 2L), entry(2.0, 3L),
                entry(Double.POSITIVE_INFINITY, 1L));
        assertThat(BucketHistogram.of(s, Series.of("lat", "op", "pull")).count()).isEqualTo(1);
        assertThatThrownBy(() -> BucketHistogram.of(s, "lat")).hasMessageContaining("no buckets of lat");
    }

    @Test
    void brokenHistogramsAreRefused() {
        assertThatThrownBy(() -> BucketHistogram.of(PrometheusText.parse("h_bucket{le=\"1\"} 3"), "h"))
                .hasMessageContaining("no +Inf bucket of h");
        assertThatThrownBy(() -> BucketHistogram.of(PrometheusText.parse(
                "h_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2"), "h"))
                .hasMessageContaining("not cumulative");
        BucketHistogram wide = BucketHistogram.of(PrometheusText.parse(
                "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"4\"} 2\nh_bucket{le=\"+Inf\"} 2"), "h");
        assertThatThrownBy(wide::perWholeValue).hasMessageContaining("not one per whole value");
    }
}
