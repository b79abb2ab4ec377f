package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.metrics.NodeMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's requests against an in-process coordinator and server (real TCP), read through its Prometheus scrape. */
@Timeout(60)
class ClientMetricsTest {
    private static final Pattern SERIES = Pattern.compile("^(\\w+)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static InProcessCluster cluster;
    private static NodeMetrics metrics;
    private static ShoalClient ps;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(1, 1, Consistency.asp());
        metrics = NodeMetrics.create("worker");
        ps = ShoalClient.connect(cluster.clientConfig(), metrics.registry());
        metrics.identify(ps.workerId());
    }

    @AfterAll
    static void stop() {
        ps.close();
        cluster.close();
        metrics.close();
    }

    /**
     * The value of the series {@code name} whose labels include {@code labels} (given as name, value, ...), or null
     * if there is none; the scrape's label order does not matter.
     */
    private static Double value(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        Matcher m = SERIES.matcher(metrics.registry().scrape());
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                have.put(l.group(1), l.group(2));
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                return Double.parseDouble(m.group(3));
            }
        }
        return null;
    }

    @Test
    void requestsAreTimedByOpAndTableAndTheirBytesCounted() {
        DenseTable w = ps.dense(TableSpec.dense("m.w", 1000));
        SparseTable emb = ps.sparse(TableSpec.sparse("m.emb", 4));
        float[] values = new float[1000];
        w.push(values);
        w.push(values);
        w.pull(values);
        w.pushPull(values, values);
        long[] keys = {1, 2, 3};
        float[] rows = new float[keys.length * 4];
        emb.push(keys, rows);
        emb.pull(keys, rows);
        emb.pull(keys, rows);
        ps.clock();

        assertThat(value("shoal_worker_requests_seconds_count", "op", "push", "table", "m.w")).isEqualTo(2);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "pull", "table", "m.w")).isEqualTo(1);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "push-pull", "table", "m.w")).isEqualTo(1);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "push", "table", "m.emb")).isEqualTo(1);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "pull", "table", "m.emb")).isEqualTo(2);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "clock", "table", "", "role", "worker"))
                .isEqualTo(1);
        // a histogram: cumulative buckets, all of them holding the pull once past its time
        assertThat(value("shoal_worker_requests_seconds_bucket", "op", "pull", "table", "m.emb", "le", "+Inf"))
                .isEqualTo(2);
        assertThat(value("shoal_worker_requests_seconds_bucket", "op", "pull", "table", "m.emb", "le", "1.0E-5"))
                .isZero();
        assertThat(value("shoal_worker_requests_seconds_sum", "op", "pull", "table", "m.emb")).isPositive();

        // dense: 4 bytes a float; sparse: a key (8) and its row (4 x 4) pushed, the row pulled
        assertThat(value("shoal_worker_pushed_bytes_total", "table", "m.w")).isEqualTo(3 * 4000);
        assertThat(value("shoal_worker_pulled_bytes_total", "table", "m.w")).isEqualTo(2 * 4000);
        assertThat(value("shoal_worker_pushed_bytes_total", "table", "m.emb")).isEqualTo(3 * (8 + 16));
        assertThat(value("shoal_worker_pulled_bytes_total", "table", "m.emb")).isEqualTo(2 * 3 * 16);
        assertThat(value("shoal_worker_clock")).isEqualTo(ps.currentClock());
        assertThat(value("shoal_node_info", "node", "0", "role", "worker")).isEqualTo(1);
    }

    @Test
    void aRefusedRequestCountsAsFailedNotAsARoundTrip() {
        DenseTable t = ps.dense(TableSpec.dense("m.refused", 8));
        float[] grad = new float[8];
        grad[3] = Float.NaN;   // one piece: the server checks it, and refuses it whole
        assertThatThrownBy(() -> t.push(grad)).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.NON_FINITE_GRADIENT));

        assertThat(value("shoal_worker_failed_requests_total", "op", "push", "table", "m.refused")).isEqualTo(1);
        assertThat(value("shoal_worker_requests_seconds_count", "op", "push", "table", "m.refused")).isZero();
        assertThat(value("shoal_worker_pushed_bytes_total", "table", "m.refused")).isZero();
    }

    @Test
    void stepsAreTimedAndHealthFollowsTheConnections() {
        ps.metrics().step(3_000_000);
        ps.metrics().step(5_000_000);
        assertThat(value("shoal_worker_step_seconds_count")).isEqualTo(2);
        assertThat(value("shoal_worker_step_seconds_sum")).isEqualTo(0.008);
        assertThat(ps.health().isUp()).isTrue();
        assertThat(ps.health().details()).containsEntry("servers", 1);
    }

    @Test
    void withoutARegistryARequestGetsNoExtraStage() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        assertThat(ClientMetrics.of(null)).isSameAs(ClientMetrics.NONE);
        assertThat(ClientMetrics.NONE.timeClock(System.nanoTime(), f)).isSameAs(f);
        assertThat(ps.metrics().timeClock(System.nanoTime(), f)).isNotSameAs(f);
    }
}
