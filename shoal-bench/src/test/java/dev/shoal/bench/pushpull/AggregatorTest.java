package dev.shoal.bench.pushpull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shoal.transport.stats.LatencyHistograms;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {

    @Test
    void ratesAddUpAcrossWorkersWithinARun() {
        BenchSummary s = Aggregator.aggregate(List.of(
                Fixtures.dense(0, new long[] {100, 200, 300}, 1_000_000),
                Fixtures.dense(1, new long[] {100, 100, 100}, 3_000_000)));
        OpSummary push = s.push();
        assertThat(push.opsPerSecond().values()).containsExactly(200, 300, 400);
        assertThat(push.opsPerSecond().median()).isEqualTo(300);
        assertThat(push.bytesPerSecond().median()).isEqualTo(300.0 * Fixtures.MIB4);
        assertThat(push.bytesPerSecond().min()).isEqualTo(200.0 * Fixtures.MIB4);
        assertThat(push.bytesPerSecond().max()).isEqualTo(400.0 * Fixtures.MIB4);
        assertThat(push.bytesPerSecond().relativeIqr()).isCloseTo(100.0 / 300, within(1e-12));
        assertThat(push.totalOps()).isEqualTo(900);
        assertThat(push.totalBytes()).isEqualTo(900 * Fixtures.MIB4);
        assertThat(s.workers()).isEqualTo(2);
    }

    @Test
    void latencyPercentilesPoolEveryRequest() {
        BenchSummary s = Aggregator.aggregate(List.of(
                Fixtures.dense(0, new long[] {600}, 1_000_000),
                Fixtures.dense(1, new long[] {400}, 3_000_000)));
        assertThat(s.pull().latency().getTotalCount()).isEqualTo(1000);
        assertThat(s.pull().medianMicros()).isCloseTo(1_000, within(16.0));
        assertThat(s.pull().p99Micros()).isCloseTo(3_000, within(48.0));
    }

    @Test
    void runsOfDifferentLengthsAreWeightedByTheirOwnTime() {
        OpMeasurements slow = new OpMeasurements(List.of(new RunFigures(10, 10 * Fixtures.MIB4, 2_000_000_000L)),
                LatencyHistograms.create());
        WorkerResult a = new WorkerResult(0, "dense", Fixtures.MIB4, 0, 1, slow, slow);
        BenchSummary s = Aggregator.aggregate(List.of(a, Fixtures.dense(1, new long[] {10}, 1)));
        assertThat(s.push().opsPerSecond().median()).isEqualTo(15);
    }

    @Test
    void refusesMismatchedWorkloads() {
        WorkerResult a = Fixtures.dense(0, new long[] {1, 2}, 1);
        WorkerResult b = Fixtures.dense(1, new long[] {1}, 1);
        assertThatThrownBy(() -> Aggregator.aggregate(List.of(a, b))).hasMessageContaining("different workloads");
        assertThatThrownBy(() -> Aggregator.aggregate(List.of())).hasMessageContaining("no worker");
    }
}
