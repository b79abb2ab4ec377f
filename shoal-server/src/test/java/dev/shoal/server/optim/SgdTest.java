package dev.shoal.server.optim;

import org.junit.jupiter.api.Test;

import static dev.shoal.server.optim.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

class SgdTest {

    @Test
    void plainStepsSubtractLearningRateTimesGradient() {
        Sgd sgd = new Sgd(0.1f, 0f);
        float[] w = {1.0f, -2.0f, 0.5f};
        sgd.apply(w, null, null, 0, new float[] {0.5f, -1.0f, 2.0f}, 0, 3, 0);
        // 1 - 0.1*0.5, -2 + 0.1*1, 0.5 - 0.1*2
        near(w[0], 0.95);
        near(w[1], -1.9);
        near(w[2], 0.3);
        sgd.apply(w, null, null, 0, new float[] {1f, 1f, 1f}, 0, 3, 1);
        near(w[0], 0.85);
        near(w[1], -2.0);
        near(w[2], 0.2);
        assertThat(sgd.stateSlots()).isZero();
    }

    @Test
    void momentumAccumulatesVelocity() {
        Sgd sgd = new Sgd(0.1f, 0.9f);
        assertThat(sgd.stateSlots()).isEqualTo(1);
        float[] w = {1.0f};
        float[] v = {7f};
        sgd.initState(w, v, null, 0, 1);
        assertThat(v[0]).isZero();
        // v1 = 1, w = 0.9; v2 = 0.9 + 1 = 1.9, w = 0.71; v3 = 1.71 + 0.5 = 2.21, w = 0.489
        double[] expectedW = {0.9, 0.71, 0.489};
        double[] expectedV = {1.0, 1.9, 2.21};
        float[] grads = {1.0f, 1.0f, 0.5f};
        for (int t = 0; t < 3; t++) {
            sgd.apply(w, v, null, 0, grads, t, 1, t);
            near(w[0], expectedW[t]);
            near(v[0], expectedV[t]);
        }
    }

    @Test
    void offsetsTouchOnlyTheRange() {
        Sgd sgd = new Sgd(0.5f, 0f);
        float[] w = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] g = {9f, 9f, 9f, 2f, 4f, 9f};
        sgd.apply(w, null, null, 2, g, 3, 2, 0);
        assertThat(w).containsExactly(1f, 2f, 2f, 2f, 5f, 6f);
    }

    @Test
    void momentumOffsetsTouchOnlyTheRange() {
        Sgd sgd = new Sgd(1f, 0.5f);
        float[] w = {1f, 1f, 1f, 1f};
        float[] v = {3f, 3f, 3f, 3f};
        sgd.apply(w, v, null, 1, new float[] {0f, 0f, 1f, 1f}, 2, 2, 0);
        // v = 0.5*3 + 1 = 2.5, w = 1 - 2.5
        assertThat(w).containsExactly(1f, -1.5f, -1.5f, 1f);
        assertThat(v).containsExactly(3f, 2.5f, 2.5f, 3f);
    }
}
