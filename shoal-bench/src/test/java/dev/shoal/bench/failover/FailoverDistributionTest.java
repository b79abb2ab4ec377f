package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverDistributionTest {
    private static final long KILL = 1_000_000;

    /** A measured trial whose push resumed {@code failoverMs} after the kill, with a round trip of {@code rttUs}. */
    static Trial measured(int index, long failoverMs, long rttUs) {
        Gap g = new Gap(KILL - 3_000, KILL + failoverMs * 1_000);
        return Trial.of(index, "server-0", 0, KILL, KILL + 20_000, new ProbeResult(500, rttUs, 2, g, g));
    }

    /** A trial whose probe saw the new layout (after a wait of 890 ms) before the kill. */
    static Trial notMeasured(int index) {
        Gap g = new Gap(KILL - 900_000, KILL - 10_000);
        return Trial.of(index, "server-1", 1, KILL, KILL + 5_000, new ProbeResult(500, 7_000, 2, g, g));
    }

    @Test
    void figuresOverTheMeasuredKillsOnly() {
        List<Trial> trials = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            trials.add(measured(i, 100L * i, 5_000 + i));
        }
        trials.add(notMeasured(11));
        trials.add(Trial.failed(12, "server-2", 2, 0, 0, "worker-0 died"));
        FailoverDistribution d = FailoverDistribution.of(trials);
        assertThat(d.trials()).isEqualTo(12);
        assertThat(d.measured()).isEqualTo(10);
        assertThat(d.longestAtKill()).isEqualTo(10);
        assertThat(d.minMs()).isEqualTo(100);
        assertThat(d.maxMs()).isEqualTo(1000);
        assertThat(d.medianMs()).isCloseTo(550, within(1e-9));
        // type 7: position 0.9 * 9 = 8.1 between the 9th (900) and 10th (1000) value
        assertThat(d.p90Ms()).isCloseTo(910, within(1e-9));
        assertThat(d.meanMs()).isCloseTo(550, within(1e-9));
        // the round trip is the median over every trial that reported: ten of 5.001..5.010 ms and one of 7 ms
        assertThat(d.roundTripMs()).isCloseTo(5.006, within(1e-9));
    }

    @Test
    void noMeasuredKillGivesNoFigures() {
        FailoverDistribution d = FailoverDistribution.of(List.of(notMeasured(1)));
        assertThat(d.measured()).isZero();
        assertThat(d.medianMs()).isNaN();
        assertThat(d.p90Ms()).isNaN();
        assertThat(d.meanMs()).isNaN();
        assertThat(d.roundTripMs()).isEqualTo(7.0);
    }
}
