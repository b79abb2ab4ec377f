package dev.shoal.bench.pushpull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {
    private static final Duration T = Duration.ofSeconds(3);

    @Test
    void eachListedSetupHasAPushAndAPullTarget() {
        assertThat(Targets.matching(1, 1, Workload.dense(4 << 20, 1, 5, T))).extracting(Target::op)
                .containsExactly(Op.PUSH, Op.PULL);
        assertThat(Targets.matching(1, 1, Workload.dense(64 << 20, 1, 5, T))).hasSize(2);
        assertThat(Targets.matching(1, 1, Workload.dense(4096, 16, 5, T))).extracting(Target::target)
                .containsExactly(84_000.0, 84_000.0);
        assertThat(Targets.matching(2, 2, Workload.dense(4 << 20, 1, 5, T))).extracting(Target::baseline)
                .containsExactly(3.7, 3.7);
        List<Target> sparse = Targets.matching(1, 1, Workload.sparse(10_000_000, 1, 5, T));
        assertThat(sparse).extracting(Target::target).containsExactly(376.0, 287.0);
    }

    @Test
    void otherSetupsHaveNone() {
        assertThat(Targets.matching(1, 1, Workload.dense(4 << 20, 4, 5, T))).isEmpty();
        assertThat(Targets.matching(1, 2, Workload.dense(4 << 20, 1, 5, T))).isEmpty();
        assertThat(Targets.matching(1, 1, Workload.sparse(1000, 1, 5, T))).isEmpty();
    }

    @Test
    void targetsAreOneAndAHalfTimesTheBaselineExceptSixtyFourMib() {
        for (Target t : Targets.ALL) {
            double expected = t.size() == 64 << 20 ? 3.0 : t.baseline() * 1.5;
            assertThat(t.target()).as(t.scenario()).isCloseTo(expected, within(0.51));
        }
        assertThat(Targets.describe()).hasSize(Targets.ALL.size()).first().asString()
                .contains("dense 4 MiB", "push", "2.90 GB/s", "4.35 GB/s");
    }

    @Test
    void measuredFigureIsInTheTargetsUnit() {
        BenchSummary s = Aggregator.aggregate(List.of(Fixtures.dense(0, new long[] {700}, 1)));
        Target push = Targets.matching(1, 1, Workload.dense(4 << 20, 1, 5, T)).get(0);
        assertThat(push.measured(s.push())).isCloseTo(700 * 4.194304e6 / 1e9, within(1e-9));
    }
}
