package dev.shoal.eval.experiment;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.server.metrics.ServerStats;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each server of a run says about itself, read as data from its {@code GET /stats} endpoint
 * ({@link ServerStats}) once the workers have finished and before the servers stop: bytes through it and the
 * staleness of the values it served.
 *
 * <pre>{@code
 * List<ServerFigures.Figures> s = ServerFigures.all(collector.metricsUrls(), 2, "converge-mlp-ssp3");
 * long[] gaps = ServerFigures.mergedStaleness(s);   // pulls served per clock gap, over all servers
 * }</pre>
 */
final class ServerFigures {
    /** Gaps 0..32 each have their own cell on the server; the cell after them counts larger ones. */
    static final int STALENESS_CELLS = 34;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ServerFigures() {
    }

    /**
     * One server's figures.
     *
     * @param pushBytes    bytes of push bodies it received (frames less their headers)
     * @param pullBytes    bytes of pull reply bodies it sent (frames less their headers)
     * @param staleness    pulls served per clock gap, the last cell for gaps beyond 32
     * @param maxStaleness the largest gap served, -1 if it served no pull
     */
    record Figures(long pushBytes, long pullBytes, long[] staleness, int maxStaleness) {
        long bytes() {
            return pushBytes + pullBytes;
        }
    }

    /** Reads every server, in server order; fails naming the run if one did not report its metrics address. */
    static List<Figures> all(Map<String, String> metricsUrls, int servers, String run) {
        List<Figures> out = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            String url = metricsUrls.get("server-" + i);
            if (url == null) {
                throw new ExperimentException(run + ": server-" + i + " never reported its metrics address");
            }
            URI stats = URI.create(url).resolve("stats");
            try {
                out.add(read(ServerStats.fetch(stats, TIMEOUT)));
            } catch (IOException e) {
                throw new ExperimentException(run + ": could not read server-" + i + "'s figures at " + stats + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    static Figures read(ServerStats stats) {
        long push = 0;
        long pull = 0;
        for (ServerStats.Requests r : stats.requests()) {
            long headers = (long) FrameHeader.SIZE * r.count();
            if (r.type().startsWith("PUSH_")) {
                push += r.bytesIn() - headers;
            }
            if (r.type().startsWith("PULL_") || r.type().startsWith("PUSH_PULL_")) {
                pull += r.bytesOut() - headers;
            }
        }
        long[] cells = new long[STALENESS_CELLS];
        List<Long> servedAt = stats.staleness().servedAt();
        for (int gap = 0; gap < servedAt.size() && gap < STALENESS_CELLS - 1; gap++) {
            cells[gap] = servedAt.get(gap);
        }
        cells[STALENESS_CELLS - 1] = stats.staleness().beyond();
        return new Figures(push, pull, cells, (int) stats.staleness().max());
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
