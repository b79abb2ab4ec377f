package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrialTest {
    /** Pushes stopped from t = 10,000 us to t = 130,000 us; the usual round trip is 6 ms. */
    private static final ProbeResult GAP = new ProbeResult(800, 10_000, 130_000, 6_000, 2);

    @Test
    void aGapSpanningTheKillGivesTheTimeFromTheKillToItsEnd() {
        Trial t = Trial.of(1, "server-0", 2, 40_000, GAP);
        assertThat(t.measured()).isTrue();
        assertThat(t.failed()).isFalse();
        assertThat(t.failoverMillis()).isEqualTo(90.0);
        assertThat(t.describe()).isEqualTo("trial 1: killed server-0 (id 2), fail-over 90.0 ms (gap 120.0 ms, "
                + "800 pushes, round trip 6.0 ms)");
    }

    @Test
    void aKillAtEitherEndOfTheGapStillCounts() {
        assertThat(Trial.of(1, "server-0", 0, 10_000, GAP).failoverMillis()).isEqualTo(120.0);
        assertThat(Trial.of(1, "server-0", 0, 130_000, GAP).failoverMillis()).isZero();
    }

    @Test
    void aLongestGapAfterTheKillIsNotTheFailover() {
        Trial t = Trial.of(2, "server-1", 0, 5_000, GAP);
        assertThat(t.measured()).isFalse();
        assertThat(t.failed()).isFalse();
        assertThat(t.failoverMillis()).isNaN();
        assertThat(t.notMeasured()).isEqualTo("the longest gap between pushes (120.0 ms) starts 5.0 ms after the "
                + "kill: a later pause was longer");
    }

    @Test
    void aLongestGapBeforeTheKillIsNotTheFailover() {
        Trial t = Trial.of(3, "server-2", 1, 150_000, GAP);
        assertThat(t.measured()).isFalse();
        assertThat(t.notMeasured()).contains("ends 20.0 ms before the kill");
        assertThat(t.describe()).startsWith("trial 3: killed server-2 (id 1), not measured: the longest gap");
    }

    @Test
    void anotherLayoutEpochThanOneLossIsAFailedTrial() {
        Trial t = Trial.of(4, "server-0", 0, 40_000, new ProbeResult(800, 10_000, 130_000, 6_000, 3));
        assertThat(t.measured()).isFalse();
        assertThat(t.failed()).isTrue();
        assertThat(t.notMeasured()).contains("layout epoch 3, expected 2");
    }

    @Test
    void aTrialWithoutAProbeResultIsFailedAndSaysWhy() {
        Trial t = Trial.failed(5, "server-1", -1, 0, "worker-0 exited with code 1; log x.log");
        assertThat(t.failed()).isTrue();
        assertThat(t.describe()).isEqualTo("trial 5: server-1 not killed, failed: worker-0 exited with code 1; log "
                + "x.log");
    }
}
