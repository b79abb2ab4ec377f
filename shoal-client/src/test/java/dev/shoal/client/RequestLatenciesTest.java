package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.client.RequestLatencies.Kind;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.stats.LatencyHistogram;
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
            assertThat(l.push().count()).isEqualTo(densePushes + sparsePushes);
            assertThat(l.pull().count()).isEqualTo(densePulls + sparsePulls);
            assertThat(l.pushPull().count()).isEqualTo(1);
            assertThat(l.clock().count()).isEqualTo(clocks);
            assertOrderedAndPositive(l.push());
            assertOrderedAndPositive(l.pull());

            w.pull(values);
            assertThat(l.pull().count()).as("a snapshot does not move").isEqualTo(densePulls + sparsePulls);
            assertThat(ps.latencies().pull().count()).isEqualTo(densePulls + sparsePulls + 1);
        }
    }

    private static void assertOrderedAndPositive(LatencyHistogram h) {
        double p0 = h.percentile(0);
        double p50 = h.percentile(0.5);
        double p90 = h.percentile(0.9);
        double p99 = h.percentile(0.99);
        assertThat(p0).isPositive();
        assertThat(p50).isGreaterThanOrEqualTo(p0);
        assertThat(p90).isGreaterThanOrEqualTo(p50);
        assertThat(p99).isGreaterThanOrEqualTo(p90).isLessThanOrEqualTo(h.percentile(1));
    }

    private static RequestLatencies sample() {
        LatencyHistogram push = new LatencyHistogram();
        push.record(80_000);
        push.record(80_000);
        push.record(2_500_000);
        LatencyHistogram pull = new LatencyHistogram();
        pull.record(120_000);
        return RequestLatencies.parse("push=" + push.toText() + ";pull=" + pull.toText() + ";clock=5:1");
    }

    @Test
    void textRoundTripsAsOneToken() {
        RequestLatencies l = sample();
        String text = l.toText();
        assertThat(text).doesNotContainAnyWhitespaces().startsWith("push=").contains(";pull=", ";pushpull=;clock=");
        RequestLatencies back = RequestLatencies.parse(text);
        for (Kind k : Kind.values()) {
            assertThat(back.of(k).toPairs()).as(k.label).containsExactly(l.of(k).toPairs());
        }
        assertThat(back.toText()).isEqualTo(text);
    }

    @Test
    void parsingAcceptsAnyOrderAndMissingKinds() {
        RequestLatencies l = RequestLatencies.parse("clock=5:1;push=700:2,701:3");
        assertThat(l.push().count()).isEqualTo(5);
        assertThat(l.clock().count()).isEqualTo(1);
        assertThat(l.pull().count()).isZero();
        assertThat(l.pushPull().count()).isZero();
        assertThat(RequestLatencies.parse("").toText()).isEqualTo("push=;pull=;pushpull=;clock=");
    }

    @Test
    void unreadableTextIsRefusedQuotingIt() {
        assertThatThrownBy(() -> RequestLatencies.parse("push=1:1;fetch=2:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fetch'")
                .hasMessageContaining("push=1:1;fetch=2:2");
        assertThatThrownBy(() -> RequestLatencies.parse("push=1:1;push=2:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> RequestLatencies.parse("push"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind=buckets");
        assertThatThrownBy(() -> RequestLatencies.parse("pull=1-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1-1'");
    }

    @Test
    void plusAddsTheSamplesOfBothAndChangesNeither() {
        RequestLatencies a = sample();
        RequestLatencies b = RequestLatencies.parse("pull=740:2;pushpull=760:1");
        RequestLatencies sum = a.plus(b);
        assertThat(sum.push().count()).isEqualTo(3);
        assertThat(sum.pull().count()).isEqualTo(3);
        assertThat(sum.pushPull().count()).isEqualTo(1);
        assertThat(sum.clock().count()).isEqualTo(1);
        assertThat(a.pull().count()).isEqualTo(1);
        assertThat(b.pull().count()).isEqualTo(2);
    }
}
