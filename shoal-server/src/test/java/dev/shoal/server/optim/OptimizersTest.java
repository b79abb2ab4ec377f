package dev.shoal.server.optim;

import dev.shoal.protocol.table.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.shoal.server.optim.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

class OptimizersTest {

    @Test
    void createsTheKindTheSpecNames() {
        assertThat(Optimizers.create(OptimizerSpec.sgd(0.1f))).isInstanceOf(Sgd.class);
        assertThat(Optimizers.create(OptimizerSpec.adagrad(0.1f))).isInstanceOf(AdaGrad.class);
        assertThat(Optimizers.create(OptimizerSpec.adam(0.1f))).isInstanceOf(Adam.class);
        assertThat(Optimizers.create(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f))).isInstanceOf(Ftrl.class);
    }

    /** Each optimizer has a loop for a whole slice (no offsets) and one for ranges; they must agree bit for bit. */
    @ParameterizedTest
    @MethodSource("everyOptimizer")
    void aWholeSliceAndAnOffsetRangeGetTheSameUpdates(OptimizerSpec spec) {
        int n = 37;
        float[] g = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) Math.sin(i + 1.0);
            w[i] = (float) Math.cos(i * 0.5);
        }
        Optimizer whole = Optimizers.create(spec);
        float[] w0 = w.clone();
        float[][] st0 = state(whole, n);
        whole.initState(w0, st0[0], st0[1], 0, n);
        Optimizer ranged = Optimizers.create(spec);
        float[] w1 = new float[n + 3];
        System.arraycopy(w, 0, w1, 3, n);
        float[][] st1 = state(ranged, n + 3);
        ranged.initState(w1, st1[0], st1[1], 3, n);
        float[] g1 = new float[n + 1];
        System.arraycopy(g, 0, g1, 1, n);
        for (long step = 0; step < 3; step++) {
            whole.apply(w0, st0[0], st0[1], 0, g, 0, n, step);
            ranged.apply(w1, st1[0], st1[1], 3, g1, 1, n, step);
        }
        assertThat(java.util.Arrays.copyOfRange(w1, 3, n + 3)).as("%s", spec.kind()).containsExactly(w0);
    }

    static java.util.stream.Stream<OptimizerSpec> everyOptimizer() {
        return java.util.stream.Stream.of(OptimizerSpec.sgd(0.1f), OptimizerSpec.sgd(0.1f).withMomentum(0.9f),
                OptimizerSpec.adagrad(0.1f), OptimizerSpec.adam(0.01f), OptimizerSpec.ftrl(0.1f, 1f, 0.01f, 0.1f));
    }

    private static float[][] state(Optimizer o, int n) {
        return new float[][] {o.stateSlots() > 0 ? new float[n] : null, o.stateSlots() > 1 ? new float[n] : null};
    }

    @Test
    void stateSlotsAndStepUse() {
        assertThat(Optimizers.create(OptimizerSpec.sgd(0.1f)).stateSlots()).isZero();
        assertThat(Optimizers.create(OptimizerSpec.sgd(0.1f).withMomentum(0.9f)).stateSlots()).isEqualTo(1);
        assertThat(Optimizers.create(OptimizerSpec.adagrad(0.1f)).stateSlots()).isEqualTo(1);
        assertThat(Optimizers.create(OptimizerSpec.adam(0.1f)).stateSlots()).isEqualTo(2);
        assertThat(Optimizers.create(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f)).stateSlots()).isEqualTo(2);
        assertThat(Optimizers.create(OptimizerSpec.adam(0.1f)).usesStep()).isTrue();
        assertThat(Optimizers.create(OptimizerSpec.sgd(0.1f)).usesStep()).isFalse();
        assertThat(Optimizers.create(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f)).usesStep()).isFalse();
    }

    @Test
    void hyperParametersComeFromTheSpec() {
        Optimizer mom = Optimizers.create(OptimizerSpec.sgd(0.5f).withMomentum(0.5f));
        float[] w = {0f};
        float[] v = {0f};
        mom.apply(w, v, null, 0, new float[] {1f}, 0, 1, 0);
        mom.apply(w, v, null, 0, new float[] {1f}, 0, 1, 1);
        near(w[0], -0.5 - 0.75);          // v = 1 then 1.5

        Optimizer ada = Optimizers.create(OptimizerSpec.adagrad(1f).withInitialAccumulator(3f).withEps(0f));
        float[] acc = new float[1];
        float[] x = {0f};
        ada.initState(x, acc, null, 0, 1);
        ada.apply(x, acc, null, 0, new float[] {1f}, 0, 1, 0);
        near(x[0], -0.5);                 // 1 / sqrt(3 + 1)

        Optimizer adam = Optimizers.create(OptimizerSpec.adam(0.2f).withBetas(0.5f, 0.5f));
        float[] y = {0f};
        float[] m = new float[1];
        float[] s = new float[1];
        adam.apply(y, m, s, 0, new float[] {2f}, 0, 1, 0);
        adam.apply(y, m, s, 0, new float[] {2f}, 0, 1, 1);
        near(y[0], -0.4, 1e-5);           // constant gradient: each bias-corrected step is lr * sign(g)

        Optimizer ftrl = Optimizers.create(OptimizerSpec.ftrl(0.5f, 2f, 0f, 1f));
        float[] u = {0f};
        ftrl.apply(u, new float[1], new float[1], 0, new float[] {1f}, 0, 1, 0);
        near(u[0], -1.0 / ((2 + 1) / 0.5 + 1));
    }
}
