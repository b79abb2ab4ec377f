package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.client.RequestLatencies.Kind;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RequestLatenciesTest {

    @Test
    void everyAnsweredRequestIsOneSampleOfItsKindWithOrderedPercentiles() {
        int densePushes = 7;
        int densePulls = 5;
        int sparsePushes = 3;
        int sparsePulls = 4;
        int clocks = 2;
        try (InProcessCluster cluster = new InProcessCluster(1, 1, Consistency.asp());
             ShoalClient ps = cluster.connectWorkers(1).get(0)) {
            assertThat(ps.latencies().toText()).isEqualTo("push=;pull=;pushpull=;clock=");
            DenseTable w = ps.dense(TableSpec.dense("lat.w", 1000).optimizer(OptimizerSpec.sgd(0.1f)));
            SparseTable emb = ps.sparse(TableSpec.sparse("lat.emb", 4).optimizer(OptimizerSpec.sgd(0.1f)));
            float[] values = new float[1000];
            for (int i = 0; i < densePushes; i++) {
                w.push(values);
            }
            for (int i = 0; i < densePulls; i++) {
                w.pull(values);
            }
            long[] keys = {3, 99, 1_000_007};
            float[] rows = new float[keys.length * 4];
            for (int i = 0; i < sparsePushes; i++) {
                emb.push(keys, rows);
            }
            for (int i = 0; i < sparsePulls; i++) {
                emb.pull(keys, rows);
            }
            w.pushPull(values, values);
            for (int i = 0; i < clocks; i++) {
                ps.clock();
            }

            RequestLatencies l = ps.latencies();
            assertThat(l.push().getTotalCount()).isEqualTo(densePushes + sparsePushes);
            assertThat(l.pull().getTotalCount()).isEqualTo(densePulls + sparsePulls);
            assertThat(l.pushPull().getTotalCount()).isEqualTo(1);
            assertThat(l.clock().getTotalCount()).isEqualTo(clocks);
            assertOrderedAndPositive(l.push());
            assertOrderedAndPositive(l.pull());

            w.pull(values);
            assertThat(l.pull().getTotalCount()).as("a snapshot does not move").isEqualTo(densePulls + sparsePulls);
            assertThat(ps.latencies().pull().getTotalCount()).isEqualTo(densePulls + sparsePulls + 1);
        }
    }

    private static void assertOrderedAndPositive(Histogram h) {
        double p0 = LatencyHistograms.percentile(h, 0);
        double p50 = LatencyHistograms.percentile(h, 0.5);
        double p90 = LatencyHistograms.percentile(h, 0.9);
        double p99 = LatencyHistograms.percentile(h, 0.99);
        assertThat(p0).isPositive();
        assertThat(p50).isGreaterThanOrEqualTo(p0);
        assertThat(p90).isGreaterThanOrEqualTo(p50);
        assertThat(p99).isGreaterThanOrEqualTo(p90).isLessThanOrEqualTo(LatencyHistograms.percentile(h, 1));
    }

    private static Histogram of(long... nanos) {
        Histogram h = LatencyHistograms.create();
        for (long n : nanos) {
            LatencyHistograms.record(h, n);
        }
        return h;
    }

    private static RequestLatencies sample() {
        return RequestLatencies.decode(Map.of("push", LatencyHistograms.encode(of(80_000, 80_000, 2_500_000)),
                "pull", LatencyHistograms.encode(of(120_000)), "clock", LatencyHistograms.encode(of(5))));
    }

    @Test
    void encodedFormRoundTripsEveryKind() {
        RequestLatencies l = sample();
        Map<String, String> encoded = l.encoded();
        assertThat(encoded).containsOnlyKeys("push", "pull", "pushpull", "clock").containsEntry("pushpull", "");
        RequestLatencies back = RequestLatencies.decode(encoded);
        for (Kind k : Kind.values()) {
            assertThat(back.of(k)).as(k.label).isEqualTo(l.of(k));
        }
        assertThat(back.toText()).isEqualTo(l.toText()).doesNotContainAnyWhitespaces();
    }

    @Test
    void missingKindsAreEmpty() {
        RequestLatencies l = RequestLatencies.decode(Map.of("clock", LatencyHistograms.encode(of(5))));
        assertThat(l.clock().getTotalCount()).isEqualTo(1);
        assertThat(l.push().getTotalCount()).isZero();
        assertThat(RequestLatencies.decode(Map.of()).toText()).isEqualTo("push=;pull=;pushpull=;clock=");
    }

    @Test
    void unreadableInputIsRefusedNamingTheKind() {
        assertThatThrownBy(() -> RequestLatencies.decode(Map.of("fetch", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fetch'");
        assertThatThrownBy(() -> RequestLatencies.decode(Map.of("pull", "bm90IGEgaGlzdG9ncmFt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pull latencies: not an encoded");
    }

    @Test
    void plusAddsTheSamplesOfBothAndChangesNeither() {
        RequestLatencies a = sample();
        RequestLatencies b = RequestLatencies.decode(Map.of("pull", LatencyHistograms.encode(of(740, 741)),
                "pushpull", LatencyHistograms.encode(of(760))));
        RequestLatencies sum = a.plus(b);
        assertThat(sum.push().getTotalCount()).isEqualTo(3);
        assertThat(sum.pull().getTotalCount()).isEqualTo(3);
        assertThat(sum.pushPull().getTotalCount()).isEqualTo(1);
        assertThat(sum.clock().getTotalCount()).isEqualTo(1);
        assertThat(a.pull().getTotalCount()).isEqualTo(1);
        assertThat(b.pull().getTotalCount()).isEqualTo(2);
    }
}
