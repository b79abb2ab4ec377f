package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.bench.scrape.PrometheusText;
import dev.shoal.server.metrics.ServerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerScrapeTest {

    @Test
    void readsBytesAndEveryStalenessGapFromAServersRealScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics m = new ServerMetrics(registry);
        m.pushed(1000);
        m.pushed(24);
        m.pulled(500, 10, 10);   // gap 0
        m.pulled(500, 12, 10);   // gap 2
        m.pulled(500, 12, 10);
        m.pulled(500, 60, 10);   // gap 50: beyond the buckets
        ServerScrape.Figures f = ServerScrape.read(PrometheusText.parse(registry.scrape()));
        assertThat(f.pushBytes()).isEqualTo(1024);
        assertThat(f.pullBytes()).isEqualTo(2000);
        assertThat(f.bytes()).isEqualTo(3024);
        assertThat(f.staleness()[0]).isEqualTo(1);
        assertThat(f.staleness()[2]).isEqualTo(2);
        assertThat(f.staleness()[ServerScrape.STALENESS_CELLS - 1]).isEqualTo(1);
        assertThat(f.maxStaleness()).isEqualTo(50);
        long[] merged = ServerScrape.mergedStaleness(List.of(f, f));
        assertThat(merged[2]).isEqualTo(4);
    }

    @Test
    void aServerThatServedNoPullHasNoMaximum() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServerMetrics(registry).pushed(8);
        assertThat(ServerScrape.read(PrometheusText.parse(registry.scrape())).maxStaleness()).isEqualTo(-1);
    }
}
