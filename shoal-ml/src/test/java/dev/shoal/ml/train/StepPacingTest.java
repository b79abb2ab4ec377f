package dev.shoal.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class StepPacingTest {

    @Test
    void aStragglerRunsItsBaselineAtFullSpeedThenWaitsItsSlowdownTimesTheNormalStep() {
        StepPacing p = StepPacing.slowedDown(3.0);
        for (int i = 0; i < StepPacing.BASELINE_STEPS; i++) {
            p.beforeCompute();
            assertThat(p.waitedSeconds()).isZero();
            LockSupport.parkNanos(1_000_000);   // a step of at least 1 ms
        }
        p.beforeCompute();   // the baseline's last step ends here, and the first slow step starts
        double normal = p.normalStepSeconds();
        assertThat(normal).isGreaterThanOrEqualTo(0.001);
        // a park never returns early: at least (3 - 1) x the normal step
        assertThat(p.waitedSeconds()).isGreaterThanOrEqualTo(2 * normal);
    }

    @Test
    void itsOwnWaitsDoNotCountAsItsNormalStepTimeAndSlowFirstStepsAgeOut() {
        StepPacing p = StepPacing.slowedDown(2.0);
        for (int i = 0; i < StepPacing.BASELINE_STEPS; i++) {
            p.beforeCompute();
            LockSupport.parkNanos(5_000_000);   // slow first steps: at least 5 ms
        }
        p.beforeCompute();
        assertThat(p.normalStepSeconds()).isGreaterThanOrEqualTo(0.005);
        for (int i = 0; i < 2 * StepPacing.BASELINE_STEPS; i++) {
            p.beforeCompute();   // fast steps now; each waits (2 - 1) x the normal step, which is not counted
        }
        // the window holds only fast steps: their own time, not the 5 ms of the first ones nor the waits
        assertThat(p.normalStepSeconds()).isLessThan(0.005);
    }

    @Test
    void fullSpeedNeverWaits() {
        StepPacing p = StepPacing.REAL.copy();
        for (int i = 0; i < 3 * StepPacing.BASELINE_STEPS; i++) {
            p.beforeCompute();
        }
        p.computed(5_000_000);
        assertThat(p.waitedSeconds()).isZero();
        assertThat(p.computeSeconds()).isEqualTo(0.005);
        assertThat(p.isCalibrated()).isFalse();
    }

    @Test
    void aCalibratedStepWaitsTheCalibratedTime() {
        StepPacing p = StepPacing.calibrated(1_000_000, 2.0);
        assertThat(p.isCalibrated()).isTrue();
        p.emulateCompute();
        assertThat(p.waitedSeconds()).isGreaterThanOrEqualTo(0.001);
        assertThat(p.computeSeconds()).isZero();
        assertThat(p).hasToString("calibrated 1.000 ms, 2.00x slower");
    }

    @Test
    void nonsenseIsRefusedWithTheValue() {
        assertThatThrownBy(() -> StepPacing.slowedDown(0.5)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> StepPacing.slowedDown(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> StepPacing.calibrated(0, 1)).hasMessageContaining("positive");
    }
}
