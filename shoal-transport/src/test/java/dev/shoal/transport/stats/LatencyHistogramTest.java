package dev.shoal.transport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreContiguousAndContainTheirValues() {
        for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1_000, 65_535, 1L << 40, Long.MAX_VALUE}) {
            int i = LatencyHistogram.indexOf(v);
            assertThat(LatencyHistogram.lowerBoundOf(i)).isLessThanOrEqualTo(v);
            if (i + 1 < LatencyHistogram.BUCKETS) {
                assertThat(LatencyHistogram.lowerBoundOf(i + 1)).isGreaterThan(v);
            }
        }
        assertThat(LatencyHistogram.indexOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
        for (int i = 1; i < LatencyHistogram.BUCKETS; i++) {
            assertThat(LatencyHistogram.indexOf(LatencyHistogram.lowerBoundOf(i))).isEqualTo(i);
        }
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentile(0.5)).isEqualTo(50);
        assertThat(h.percentile(0.99)).isEqualTo(99);
        assertThat(h.percentile(1.0)).isEqualTo(100);
        assertThat(h.percentile(0.0)).isEqualTo(1);
    }

    @Test
    void largeValuesAreWithinTwoPercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.record(i * 1_000L);   // 1 us .. 10 ms
        }
        assertThat(h.percentile(0.5)).isCloseTo(5_000_000, within(5_000_000 * 0.016));
        assertThat(h.percentile(0.99)).isCloseTo(9_900_000, within(9_900_000 * 0.016));
    }

    @Test
    void mergingEqualsRecordingEverythingInOne() {
        SplittableRandom r = new SplittableRandom(1);
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        for (int i = 0; i < 5_000; i++) {
            long v = r.nextLong(1, 50_000_000);
            (i % 3 == 0 ? a : b).record(v);
            all.record(v);
        }
        a.merge(b);
        assertThat(a.count()).isEqualTo(all.count());
        for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 1}) {
            assertThat(a.percentile(q)).isEqualTo(all.percentile(q));
        }
    }

    @Test
    void pairsRoundTrip() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5);
        h.record(5);
        h.record(1_000_000);
        h.record(-3);   // a clock step backwards counts as zero
        long[] pairs = h.toPairs();
        assertThat(pairs).hasSize(6);
        LatencyHistogram back = LatencyHistogram.fromPairs(pairs);
        assertThat(back.count()).isEqualTo(4);
        assertThat(back.toPairs()).containsExactly(pairs);
        assertThat(back.percentile(0.25)).isZero();
    }

    @Test
    void textRoundTripsAndTheCopyIsIndependent() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5);
        h.record(5);
        h.record(1_000_000);
        String text = h.toText();
        assertThat(text).isEqualTo("5:2," + LatencyHistogram.indexOf(1_000_000) + ":1");
        LatencyHistogram back = LatencyHistogram.parseText(text);
        assertThat(back.toPairs()).containsExactly(h.toPairs());
        assertThat(LatencyHistogram.parseText(new LatencyHistogram().toText()).count()).isZero();
        LatencyHistogram copy = h.copy();
        copy.record(7);
        assertThat(h.count()).isEqualTo(3);
        assertThat(copy.count()).isEqualTo(4);
    }

    @Test
    void unreadableTextIsRefusedNamingThePart() {
        assertThatThrownBy(() -> LatencyHistogram.parseText("5:2,x:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x:1'");
        assertThatThrownBy(() -> LatencyHistogram.parseText("5:2,7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'7'");
        assertThatThrownBy(() -> LatencyHistogram.parseText("999999:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("999999");
    }

    @Test
    void emptyHistogramHasNoPercentile() {
        assertThat(new LatencyHistogram().percentile(0.5)).isNaN();
    }
}
