package dev.shoal.eval.experiment;

import dev.shoal.bench.scrape.BucketHistogram;
import dev.shoal.bench.scrape.PrometheusText;
import dev.shoal.bench.scrape.Series;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each server of a run says about itself on its metrics endpoint, read once the workers have finished and
 * before the servers stop: bytes through it and the staleness of the values it served.
 *
 * <pre>{@code
 * List<ServerScrape.Figures> s = ServerScrape.all(collector.metricsUrls(), 2, "converge-mlp-ssp3");
 * long[] gaps = ServerScrape.mergedStaleness(s);   // pulls served per clock gap, over all servers
 * }</pre>
 */
final class ServerScrape {
    /** Gaps 0..32 each have their own bucket on the server; the cell after them counts larger ones. */
    static final int STALENESS_CELLS = 34;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String STALENESS = "shoal_server_staleness_clocks";

    private ServerScrape() {
    }

    /**
     * One server's figures.
     *
     * @param pushBytes    bytes of push bodies it received
     * @param pullBytes    bytes of pull replies it sent
     * @param staleness    pulls served per clock gap, the last cell for gaps beyond 32
     * @param maxStaleness the largest gap served, -1 if it served no pull
     */
    record Figures(long pushBytes, long pullBytes, long[] staleness, int maxStaleness) {
        long bytes() {
            return pushBytes + pullBytes;
        }
    }

    /** Scrapes every server, in server order; fails naming the run if one did not print its metrics address. */
    static List<Figures> all(Map<String, String> urls, int servers, String run) {
        List<Figures> out = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            String url = urls.get("server-" + i);
            if (url == null) {
                throw new ExperimentException(run + ": server-" + i + " never logged its metrics address");
            }
            try {
                out.add(read(PrometheusText.fetch(URI.create(url), TIMEOUT)));
            } catch (IOException e) {
                throw new ExperimentException(run + ": could not read server-" + i + "'s metrics at " + url + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    static Figures read(Map<Series, Double> samples) {
        long push = (long) PrometheusText.value(samples, Series.of("shoal_server_push_bytes_total"));
        long pull = (long) PrometheusText.value(samples, Series.of("shoal_server_pull_bytes_total"));
        long[] cells = new long[STALENESS_CELLS];
        int max = -1;
        BucketHistogram h = BucketHistogram.of(samples, STALENESS);
        for (Map.Entry<Long, Long> e : h.perWholeValue().entrySet()) {
            int gap = (int) Math.min(STALENESS_CELLS - 2, e.getKey());
            cells[gap] += e.getValue();
            if (e.getValue() > 0) {
                max = Math.max(max, e.getKey().intValue());
            }
        }
        cells[STALENESS_CELLS - 1] += h.beyondLastBound();
        if (h.beyondLastBound() > 0) {
            double observedMax = samples.getOrDefault(Series.of(STALENESS + "_max"), (double) STALENESS_CELLS - 1);
            max = Math.max(max, (int) observedMax);
        }
        return new Figures(push, pull, cells, max);
    }

    static long[] mergedStaleness(List<Figures> servers) {
        long[] all = new long[STALENESS_CELLS];
        for (Figures f : servers) {
            for (int i = 0; i < all.length; i++) {
                all[i] += f.staleness()[i];
            }
        }
        return all;
    }
}
