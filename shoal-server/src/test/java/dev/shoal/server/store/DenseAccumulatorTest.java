package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseAccumulatorTest {
    private static final InitializerSpec INIT = InitializerSpec.normal(0f, 1f, 8);
    private static final Optimizer SGD = Optimizers.create(OptimizerSpec.sgd(0.25f));

    @Test
    void sumThenApplyEqualsOneStepWithTheAverage() {
        DenseSlice slice = new DenseSlice(10, 4, SGD, INIT);
        DenseAccumulator acc = new DenseAccumulator(4);
        acc.add(0, new float[] {1f, 2f, 3f, 4f}, 0, 4);
        acc.add(0, new float[] {0f, 3f, -2f, 4f, 1f}, 1, 4);
        acc.applyTo(slice, 0.5f);

        DenseSlice reference = new DenseSlice(10, 4, SGD, INIT);
        reference.apply(0, new float[] {2f, 0f, 3.5f, 2.5f}, 0, 4);
        assertThat(read(slice)).containsExactly(read(reference));
        assertThat(slice.steps()).isEqualTo(1);
        assertThat(acc.isEmpty()).isTrue();
    }

    @Test
    void nothingAddedMeansNoStep() {
        DenseSlice slice = new DenseSlice(0, 4, SGD, INIT);
        float[] before = read(slice);
        new DenseAccumulator(4).applyTo(slice, 0.5f);
        assertThat(slice.steps()).isZero();
        assertThat(read(slice)).containsExactly(before);
    }

    @Test
    void appliesOverTheTouchedRangeOnly() {
        Optimizer momentum = Optimizers.create(OptimizerSpec.sgd(1f).withMomentum(0.5f));
        DenseSlice slice = new DenseSlice(0, 10, momentum, InitializerSpec.zeros());
        DenseAccumulator acc = new DenseAccumulator(10);
        acc.add(2, new float[] {1f, 1f}, 0, 2);
        acc.add(6, new float[] {2f, 2f}, 0, 2);
        acc.applyTo(slice, 1f);
        assertThat(read(slice)).containsExactly(0f, 0f, -1f, -1f, 0f, 0f, -2f, -2f, 0f, 0f);
        assertThat(slice.steps()).isEqualTo(1);
    }

    @Test
    void roundsReuseTheSumWithoutStaleValues() {
        DenseSlice slice = new DenseSlice(0, 3, Optimizers.create(OptimizerSpec.sgd(1f)), InitializerSpec.zeros());
        DenseAccumulator acc = new DenseAccumulator(3);
        acc.add(0, new float[] {1f, 2f, 3f}, 0, 3);
        acc.applyTo(slice, 1f);
        acc.add(1, new float[] {5f}, 0, 1);
        acc.clear();
        acc.add(2, new float[] {10f}, 0, 1);
        acc.applyTo(slice, 0.5f);
        assertThat(read(slice)).containsExactly(-1f, -2f, -8f);
        assertThat(slice.steps()).isEqualTo(2);
    }

    @Test
    void aLaterRoundStartedByAWholeSlicePushSumsEveryContributor() {
        DenseSlice slice = new DenseSlice(0, 3, Optimizers.create(OptimizerSpec.sgd(1f)), InitializerSpec.zeros());
        DenseAccumulator acc = new DenseAccumulator(3);
        acc.add(0, new float[] {1f, 1f, 1f}, 0, 3);
        acc.applyTo(slice, 1f);
        // round 2: the first whole-slice push replaces the old sum, the second adds to it
        acc.add(0, new float[] {9f, 2f, 4f, 6f}, 1, 3);
        acc.add(0, new float[] {2f, 4f, 6f}, 0, 3);
        acc.applyTo(slice, 0.5f);
        assertThat(read(slice)).containsExactly(-1f - 2f, -1f - 4f, -1f - 6f);
    }

    @Test
    void rejectsASliceOfAnotherLengthAndBadRanges() {
        DenseAccumulator acc = new DenseAccumulator(3);
        assertThatThrownBy(() -> acc.applyTo(new DenseSlice(0, 4, SGD, INIT), 1f))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acc.add(2, new float[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(acc.isEmpty()).isTrue();
    }

    private static float[] read(DenseSlice slice) {
        float[] out = new float[slice.length()];
        slice.read(0, out, 0, out.length);
        return out;
    }
}
