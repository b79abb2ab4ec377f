package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseSliceTest {
    private static final Optimizer SGD = Optimizers.create(OptimizerSpec.sgd(0.5f));

    @Test
    void startsWithTheTableValuesAtItsPosition() {
        InitializerSpec init = InitializerSpec.uniform(-1f, 1f, 17);
        DenseSlice slice = new DenseSlice(1000, 50, SGD, init);
        float[] expected = new float[50];
        Initializers.fill(init, expected, 0, 50, 1000);
        float[] actual = new float[50];
        slice.read(0, actual, 0, 50);
        assertThat(actual).containsExactly(expected);
        assertThat(slice.firstIndex()).isEqualTo(1000);
        assertThat(slice.length()).isEqualTo(50);
    }

    @Test
    void applyRunsTheOptimizerOnARangeAndCountsAStep() {
        DenseSlice slice = new DenseSlice(0, 6, SGD, InitializerSpec.constant(1f));
        slice.apply(2, new float[] {9f, 2f, 4f}, 1, 2);
        float[] out = new float[8];
        slice.read(0, out, 1, 6);
        assertThat(out).containsExactly(0f, 1f, 1f, 0f, -1f, 1f, 1f, 0f);
        assertThat(slice.steps()).isEqualTo(1);
    }

    @Test
    void theStepCounterIsPerSlice() {
        Optimizer adam = Optimizers.create(OptimizerSpec.adam(0.1f));
        DenseSlice slice = new DenseSlice(0, 4, adam, InitializerSpec.zeros());
        slice.apply(0, new float[] {1f, 1f}, 0, 2);
        slice.apply(2, new float[] {1f, 1f}, 0, 2);   // first update of [2, 4) still runs as step 1

        float[] w = new float[2];
        adam.apply(w, new float[2], new float[2], 0, new float[] {1f, 1f}, 0, 2, 1);
        float[] out = new float[4];
        slice.read(0, out, 0, 4);
        assertThat(out[2]).isEqualTo(w[0]);
        assertThat(slice.steps()).isEqualTo(2);
    }

    @Test
    void readsIntoABufferAndWrites() {
        DenseSlice slice = new DenseSlice(0, 5, SGD, InitializerSpec.zeros());
        slice.write(1, new float[] {7f, 8f, 9f}, 0, 3);
        FloatBuffer buffer = FloatBuffer.allocate(6);
        buffer.put(-1f);
        slice.read(0, buffer, 5);
        assertThat(buffer.position()).isEqualTo(6);
        assertThat(buffer.array()).containsExactly(-1f, 0f, 7f, 8f, 9f, 0f);
        assertThatThrownBy(() -> slice.read(0, FloatBuffer.allocate(2), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesCountParametersAndState() {
        assertThat(new DenseSlice(0, 100, SGD, InitializerSpec.zeros()).bytes()).isEqualTo(400);
        Optimizer adam = Optimizers.create(OptimizerSpec.adam(0.1f));
        assertThat(new DenseSlice(0, 100, adam, InitializerSpec.zeros()).bytes()).isEqualTo(1200);
    }

    @Test
    void outOfRangeRequestsFailWithoutChangingAnything() {
        DenseSlice slice = new DenseSlice(0, 4, SGD, InitializerSpec.constant(1f));
        assertThatThrownBy(() -> slice.apply(3, new float[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> slice.apply(0, new float[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> slice.read(-1, new float[2], 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        float[] out = new float[4];
        slice.read(0, out, 0, 4);
        assertThat(out).containsOnly(1f);
        assertThat(slice.steps()).isZero();
    }

    @Test
    void concurrentUpdatesAreAllApplied() throws Exception {
        DenseSlice slice = new DenseSlice(0, 1024, Optimizers.create(OptimizerSpec.sgd(1f)), InitializerSpec.zeros());
        float[] ones = new float[1024];
        java.util.Arrays.fill(ones, 1f);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    float[] out = new float[1024];
                    for (int i = 0; i < 500; i++) {
                        slice.apply(0, ones, 0, 1024);
                        slice.read(0, out, 0, 1024);
                        assertThat(out[1023]).isEqualTo(out[0]);   // never half an update
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        float[] out = new float[1024];
        slice.read(0, out, 0, 1024);
        assertThat(out).containsOnly(-2000f);
        assertThat(slice.steps()).isEqualTo(2000);
    }
}
