package dev.shoal.transport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {

    @Test
    void percentilesAreWithinOnePercentOfTheExactOnes() {
        Histogram h = LatencyHistograms.create();
        long[] values = new SplittableRandom(7).longs(10_000, 1_000, 50_000_000).sorted().toArray();
        for (long v : values) {
            LatencyHistograms.record(h, v);
        }
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(LatencyHistograms.percentile(h, q)).as("q=" + q).isCloseTo(exact, within(exact * 0.01));
        }
    }

    @Test
    void outOfRangeValuesAreClampedNotRejected() {
        Histogram h = LatencyHistograms.create();
        LatencyHistograms.record(h, -5);
        LatencyHistograms.record(h, Long.MAX_VALUE);
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isZero();
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(LatencyHistograms.MAX_NANOS);
    }

    @Test
    void emptyHistogramHasNoPercentile() {
        assertThat(LatencyHistograms.percentile(LatencyHistograms.create(), 0.5)).isNaN();
    }

    @Test
    void encodingRoundTripsEveryCount() {
        Histogram h = LatencyHistograms.create();
        for (int i = 1; i <= 1000; i++) {
            LatencyHistograms.record(h, i * 997L);
        }
        String text = LatencyHistograms.encode(h);
        assertThat(text).doesNotContainAnyWhitespaces();
        Histogram back = LatencyHistograms.decode(text);
        assertThat(back).isEqualTo(h);
        assertThat(LatencyHistograms.decode("").getTotalCount()).isZero();
    }

    @Test
    void garbageIsAOneLineError() {
        assertThatThrownBy(() -> LatencyHistograms.decode("bm90IGEgaGlzdG9ncmFt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an encoded latency histogram: 'bm90IGEgaGlzdG9ncmFt'");
    }
}
