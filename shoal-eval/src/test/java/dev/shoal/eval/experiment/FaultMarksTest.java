package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultMarksTest {
    private static final Instant START = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void killsBecomeSecondsSinceTheStartInOrder() {
        List<Double> x = FaultMarks.secondsSince(START, List.of(START.plusMillis(10_250), START.plusMillis(5_100)));
        assertThat(x).containsExactly(5.1, 10.25);
    }

    @Test
    void aKillBeforeTrainingStartedHasNoPlaceOnTheAxis() {
        assertThat(FaultMarks.secondsSince(START, List.of(START.minusMillis(1), START))).containsExactly(0.0);
    }

    @Test
    void onlyKillsWithinTheCurveAreMarked() {
        assertThat(FaultMarks.within(List.of(1.0, 5.0, 12.5), 12.0)).containsExactly(1.0, 5.0);
        assertThat(FaultMarks.within(List.of(), 12.0)).isEmpty();
    }
}
