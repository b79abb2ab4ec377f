package dev.shoal.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchPlanTest {

    @Test
    void anEvenSplitGivesEveryWorkerItsShareAndWeightOne() {
        BatchPlan plan = BatchPlan.of(60_000, 64, 2, 1);
        assertThat(plan.localBatch()).isEqualTo(32);
        assertThat(plan.stepsPerEpoch()).isEqualTo(937);
        assertThat(plan.gradientWeight()).isEqualTo(1f);
    }

    @Test
    void anUnevenSplitWeighsGradientsSoTheAverageIsTheGlobalMean() {
        int workers = 3;
        int samples = 0;
        for (int w = 0; w < workers; w++) {
            BatchPlan plan = BatchPlan.of(60_000, 64, workers, w);
            samples += plan.localBatch();
            // worker w pushes weight * (its sum / localBatch); the servers divide the total by W: each sample's
            // gradient must end up counted 1/64
            assertThat((double) plan.gradientWeight() / plan.localBatch() / workers).isCloseTo(1.0 / 64,
                    org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(samples).isEqualTo(64);
        assertThat(BatchPlan.of(60_000, 64, workers, 0).localBatch()).isEqualTo(22);
        assertThat(BatchPlan.of(60_000, 64, workers, 2).localBatch()).isEqualTo(21);
    }

    @Test
    void everyWorkerRunsTheSameStepsEvenWhenShardsDiffer() {
        int steps = BatchPlan.of(1001, 10, 3, 0).stepsPerEpoch();
        for (int w = 1; w < 3; w++) {
            assertThat(BatchPlan.of(1001, 10, 3, w).stepsPerEpoch()).isEqualTo(steps);
        }
        // worker 0 takes 4 per step from 333 samples: 83 steps, the fewest
        assertThat(steps).isEqualTo(83);
    }

    @Test
    void impossiblePlansAreRefused() {
        assertThatThrownBy(() -> BatchPlan.of(100, 2, 4, 0)).hasMessageContaining("a sample per step");
        assertThatThrownBy(() -> BatchPlan.of(10, 64, 1, 0)).hasMessageContaining("do not fill one batch");
        assertThatThrownBy(() -> BatchPlan.of(100, 8, 2, 2)).hasMessageContaining("worker 2 of 2");
    }
}
