package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeResultTest {

    @Test
    void keepsTheLongestGapsLongestFirstAndTheMedianOne() {
        // round trips of 5 ms, one push that waited 400 ms, then 5 ms again, and a stall of 30 ms
        long[] completions = {1_000, 6_000, 11_000, 411_000, 416_000, 421_000, 451_000, 0};
        ProbeResult r = ProbeResult.of(completions, 7, 2);
        assertThat(r.pushes()).isEqualTo(7);
        assertThat(r.largestGap()).isEqualTo(new Gap(11_000, 411_000));
        assertThat(r.longestGaps()).startsWith(new Gap(11_000, 411_000), new Gap(421_000, 451_000),
                new Gap(1_000, 6_000)).hasSize(6);
        assertThat(r.medianGapMicros()).isEqualTo(5_000);
        assertThat(r.layoutEpoch()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheLongestAndTheEarlierOfEqualOnes() {
        long[] completions = new long[101];
        for (int i = 1; i < completions.length; i++) {
            completions[i] = completions[i - 1] + (i == 50 ? 900 : i % 2 == 0 ? 20 : 10);
        }
        ProbeResult r = ProbeResult.of(completions, completions.length, 1);
        assertThat(r.longestGaps()).hasSize(ProbeResult.GAPS_KEPT);
        assertThat(r.largestGap().micros()).isEqualTo(900);
        List<Gap> rest = r.longestGaps().subList(1, ProbeResult.GAPS_KEPT);
        assertThat(rest).allMatch(g -> g.micros() == 20).isSortedAccordingTo(
                (a, b) -> Long.compare(a.startMicros(), b.startMicros()));
        assertThat(rest.get(0).startMicros()).isEqualTo(completions[1]);
    }

    @Test
    void oneCompletionHasNoGap() {
        assertThatThrownBy(() -> ProbeResult.of(new long[] {5}, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }

    @Test
    void survivesItsJsonRoundTrip() {
        ProbeResult r = new ProbeResult(812, 5_900, 2, List.of(new Gap(1_700_000_000_000_000L,
                1_700_000_000_120_000L), new Gap(1_700_000_000_500_000L, 1_700_000_000_530_000L)));
        assertThat(ProbeResult.parse(r.toJson())).isEqualTo(r);
    }
}
