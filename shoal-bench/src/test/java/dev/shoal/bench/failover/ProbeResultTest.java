package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeResultTest {

    @Test
    void findsTheGapBeforeTheFirstPushUnderTheNewLayoutTheLongestAndTheMedian() {
        // round trips of 5 ms; a push the killed server had acknowledged arrives late, then one waits for the
        // fail-over; later a 400 ms stall unrelated to it
        long[] completions = {1_000, 6_000, 11_000, 41_000, 121_000, 126_000, 526_000, 531_000, 0};
        int[] epochs = {1, 1, 1, 1, 2, 2, 2, 2, 0};
        ProbeResult r = ProbeResult.of(completions, epochs, 8);
        assertThat(r.pushes()).isEqualTo(8);
        assertThat(r.failoverGap()).isEqualTo(new Gap(41_000, 121_000));
        assertThat(r.largestGap()).isEqualTo(new Gap(126_000, 526_000));
        assertThat(r.medianGapMicros()).isEqualTo(5_000);
        assertThat(r.layoutEpoch()).isEqualTo(2);
    }

    @Test
    void aLayoutThatNeverChangedHasNoFailoverGapAndTheEarlierOfEqualGapsIsTheLongest() {
        ProbeResult r = ProbeResult.of(new long[] {0, 10, 20, 30}, new int[] {1, 1, 1, 1}, 4);
        assertThat(r.failoverGap()).isNull();
        assertThat(r.largestGap()).isEqualTo(new Gap(0, 10));
        assertThat(r.layoutEpoch()).isEqualTo(1);
    }

    @Test
    void oneCompletionHasNoGap() {
        assertThatThrownBy(() -> ProbeResult.of(new long[] {5}, new int[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
    }

    @Test
    void survivesItsJsonRoundTripWithOrWithoutAFailoverGap() {
        ProbeResult r = new ProbeResult(812, 5_900, 2, new Gap(1_700_000_000_500_000L, 1_700_000_000_530_000L),
                new Gap(1_700_000_000_000_000L, 1_700_000_000_120_000L));
        assertThat(ProbeResult.parse(r.toJson())).isEqualTo(r);
        ProbeResult none = new ProbeResult(812, 5_900, 1, new Gap(0, 10), null);
        assertThat(none.toJson()).doesNotContain("failoverGap");
        assertThat(ProbeResult.parse(none.toJson())).isEqualTo(none);
    }
}
