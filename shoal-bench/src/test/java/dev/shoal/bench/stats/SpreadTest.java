package dev.shoal.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Spread.of(new double[] {3, 1, 2}).median()).isEqualTo(2);
        assertThat(Spread.of(new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {10, 20, 30, 40, 50};
        assertThat(Spread.quantile(v, 0.25)).isEqualTo(20);
        assertThat(Spread.quantile(v, 0.1)).isCloseTo(14, within(1e-9));
        assertThat(Spread.quantile(v, 0)).isEqualTo(10);
        assertThat(Spread.quantile(v, 1)).isEqualTo(50);
    }

    @Test
    void spreadReportsExtremesAndRelativeIqr() {
        Spread s = Spread.of(new double[] {2.9, 2.7, 2.8, 3.0, 2.6});
        assertThat(s.runs()).isEqualTo(5);
        assertThat(s.min()).isEqualTo(2.6);
        assertThat(s.max()).isEqualTo(3.0);
        assertThat(s.median()).isCloseTo(2.8, within(1e-12));
        assertThat(s.relativeIqr()).isCloseTo(0.2 / 2.8, within(1e-12));
        assertThat(s.values()).containsExactly(2.9, 2.7, 2.8, 3.0, 2.6);
    }

    @Test
    void singleValueHasNoSpread() {
        Spread s = Spread.of(new double[] {7});
        assertThat(s.median()).isEqualTo(7);
        assertThat(s.relativeIqr()).isZero();
    }

    @Test
    void zeroMedianGivesZeroRelativeIqr() {
        assertThat(Spread.of(new double[] {0, 0, 0}).relativeIqr()).isZero();
    }

    @Test
    void scalingKeepsTheRelativeIqr() {
        Spread s = Spread.of(new double[] {1e9, 2e9, 3e9}).scaled(1e-9);
        assertThat(s.median()).isCloseTo(2, within(1e-12));
        assertThat(s.values()).containsExactly(1, 2, 3);
        assertThat(s.relativeIqr()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void refusesNoValues() {
        assertThatThrownBy(() -> Spread.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
