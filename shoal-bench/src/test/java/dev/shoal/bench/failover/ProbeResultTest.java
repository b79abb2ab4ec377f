package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeResultTest {

    @Test
    void findsTheLongestGapAndTheMedianOne() {
        // round trips of 5 ms, then one push that waited 400 ms, then 5 ms again
        long[] completions = {1_000, 6_000, 11_000, 411_000, 416_000, 421_000, 0, 0};
        ProbeResult r = ProbeResult.of(completions, 6, 2);
        assertThat(r.pushes()).isEqualTo(6);
        assertThat(r.largestGapStartMicros()).isEqualTo(11_000);
        assertThat(r.largestGapEndMicros()).isEqualTo(411_000);
        assertThat(r.largestGapMicros()).isEqualTo(400_000);
        assertThat(r.medianGapMicros()).isEqualTo(5_000);
        assertThat(r.layoutEpoch()).isEqualTo(2);
    }

    @Test
    void theFirstOfEqualGapsIsTheLongest() {
        ProbeResult r = ProbeResult.of(new long[] {0, 10, 20, 30}, 4, 1);
        assertThat(r.largestGapStartMicros()).isZero();
        assertThat(r.largestGapEndMicros()).isEqualTo(10);
    }

    @Test
    void oneCompletionHasNoGap() {
        assertThatThrownBy(() -> ProbeResult.of(new long[] {5}, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }

    @Test
    void survivesItsJsonRoundTrip() {
        ProbeResult r = new ProbeResult(812, 1_700_000_000_000_000L, 1_700_000_000_120_000L, 5_900, 2);
        assertThat(ProbeResult.parse(r.toJson())).isEqualTo(r);
    }
}
