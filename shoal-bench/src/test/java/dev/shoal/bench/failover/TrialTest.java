package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrialTest {
    /** Pushes stopped from t = 10,000 us to t = 130,000 us, the first push under the new layout ending it. */
    private static final Gap FAILOVER = new Gap(10_000, 130_000);

    /** A probe with a 6 ms round trip, that saw {@code failover} and whose longest wait was {@code longest}. */
    static ProbeResult probe(Gap longest, Gap failover) {
        return new ProbeResult(800, 6_000, 2, longest, failover);
    }

    @Test
    void theGapBeforeTheFirstPushUnderTheNewLayoutGivesTheTimeFromSigkillToItsEnd() {
        Trial t = Trial.of(1, "server-0", 2, 40_000, 60_000, probe(FAILOVER, FAILOVER));
        assertThat(t.measured()).isTrue();
        assertThat(t.failed()).isFalse();
        assertThat(t.gap()).isEqualTo(FAILOVER);
        assertThat(t.longest()).isTrue();
        assertThat(t.failoverMillis()).isEqualTo(90.0);
        assertThat(t.killMillis()).isEqualTo(20.0);
        assertThat(t.note()).isEmpty();
        assertThat(t.describe()).isEqualTo("trial 1: killed server-0 (id 2), fail-over 90.0 ms (gap 120.0 ms, "
                + "800 pushes, round trip 6.0 ms, gone 20.0 ms after SIGKILL)");
    }

    @Test
    void aGapStartingAfterSigkillStillCountsFromSigkill() {
        // the killed server's last acknowledgement arrived 3 ms after SIGKILL
        Trial t = Trial.of(1, "server-0", 0, 7_000, 12_000, probe(FAILOVER, FAILOVER));
        assertThat(t.measured()).isTrue();
        assertThat(t.failoverMillis()).isEqualTo(123.0);
    }

    @Test
    void aLongerStallElsewhereLeavesTheFailoverMeasuredAndSaysSo() {
        Trial t = Trial.of(2, "server-1", 0, 505_000, 515_000, probe(FAILOVER, new Gap(500_000, 530_000)));
        assertThat(t.measured()).isTrue();
        assertThat(t.failoverMillis()).isEqualTo(25.0);
        assertThat(t.longest()).isFalse();
        assertThat(t.note()).isEqualTo("a longer stall, 120.0 ms, ended 375.0 ms before the kill");
        assertThat(t.describe()).endsWith("; a longer stall, 120.0 ms, ended 375.0 ms before the kill");
    }

    @Test
    void aNewLayoutBeforeTheKillIsNotTheKillsFailover() {
        Trial t = Trial.of(3, "server-2", 1, 300_000, 310_000, probe(FAILOVER, FAILOVER));
        assertThat(t.measured()).isFalse();
        assertThat(t.failed()).isFalse();
        assertThat(t.failoverMillis()).isNaN();
        assertThat(t.notMeasured()).isEqualTo("the probe's first push under the new layout came 170.0 ms before the "
                + "kill");
        assertThat(t.describe()).startsWith("trial 3: killed server-2 (id 1), not measured: the probe's first push");
    }

    @Test
    void anotherLayoutEpochThanOneLossIsAFailedTrial() {
        Trial t = Trial.of(4, "server-0", 0, 40_000, 50_000, new ProbeResult(800, 6_000, 3, FAILOVER, FAILOVER));
        assertThat(t.measured()).isFalse();
        assertThat(t.failed()).isTrue();
        assertThat(t.notMeasured()).contains("layout epoch 3, expected 2");
        Trial unchanged = Trial.of(4, "server-0", 0, 40_000, 50_000, new ProbeResult(800, 6_000, 1, FAILOVER, null));
        assertThat(unchanged.failed()).isTrue();
    }

    @Test
    void aTrialWithoutAProbeResultIsFailedAndSaysWhy() {
        Trial t = Trial.failed(5, "server-1", -1, 0, 0, "worker-0 exited with code 1; log x.log");
        assertThat(t.failed()).isTrue();
        assertThat(t.longest()).isFalse();
        assertThat(t.describe()).isEqualTo("trial 5: server-1 not killed, failed: worker-0 exited with code 1; log "
                + "x.log");
    }
}
