package dev.shoal.server.optim;

import org.junit.jupiter.api.Test;

import static dev.shoal.server.optim.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

class AdamTest {

    @Test
    void firstStepMovesEachWeightByAboutTheLearningRate() {
        Adam adam = new Adam(0.01f, 0.9f, 0.999f, 1e-8f);
        float[] w = {1f, -0.5f, 0f, 2f};
        float[] m = new float[4];
        float[] v = new float[4];
        adam.initState(w, m, v, 0, 4);
        adam.apply(w, m, v, 0, new float[] {0.5f, -3f, 1e-3f, 100f}, 0, 4, 0);
        // mhat = g, vhat = g², so w -= lr * g / (|g| + eps)
        near(w[0], 0.99);
        near(w[1], -0.49);
        near(w[2], -0.01 * 1e-3 / (1e-3 + 1e-8));
        near(w[3], 1.99);
    }

    @Test
    void threeStepsMatchAReferenceInDouble() {
        Adam adam = new Adam(0.01f, 0.9f, 0.999f, 1e-8f);
        float[] w = {1f, -0.5f, 0f};
        float[] m = new float[3];
        float[] v = new float[3];
        float[][] grads = {{0.5f, -3f, 1e-3f}, {0.2f, 1f, -1e-3f}, {-0.4f, -2f, 2e-3f}};
        // m = 0.9 m + 0.1 g; v = 0.999 v + 0.001 g²; w -= 0.01 * (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + 1e-8)
        double[][] expected = {
                {0.9900000004235174, -0.49000000025685075, -0.009999899777485414},
                {0.9810142488876709, -0.48599781477315057, -0.009473589130794385},
                {0.9792514605663426, -0.47996695006599077, -0.014455975325971041}};
        for (int t = 0; t < 3; t++) {
            adam.apply(w, m, v, 0, grads[t], 0, 3, t);
            for (int i = 0; i < 3; i++) {
                near(w[i], expected[t][i]);
            }
        }
    }

    @Test
    void stepDrivesTheBiasCorrection() {
        Adam adam = new Adam(0.01f, 0.9f, 0.999f, 0f);
        float[] early = {0f};
        float[] late = {0f};
        adam.apply(early, new float[1], new float[1], 0, new float[] {1f}, 0, 1, 0);
        adam.apply(late, new float[1], new float[1], 0, new float[] {1f}, 0, 1, 1_000_000);
        // t = 1: mhat = 1, vhat = 1, step 0.01. t huge: no correction, 0.01 * 0.1 / sqrt(0.001)
        near(early[0], -0.01);
        near(late[0], -0.01 * 0.1 / Math.sqrt(0.001), 1e-5);
        assertThat(adam.usesStep()).isTrue();
        assertThat(adam.stateSlots()).isEqualTo(2);
    }

    @Test
    void offsetsTouchOnlyTheRange() {
        Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f);
        float[] w = {3f, 3f, 3f, 3f, 3f};
        float[] m = {1f, 0f, 0f, 0f, 1f};
        float[] v = {1f, 0f, 0f, 0f, 1f};
        adam.apply(w, m, v, 1, new float[] {9f, 9f, 2f, -2f, 5f}, 2, 3, 0);
        assertThat(w[0]).isEqualTo(3f);
        assertThat(w[4]).isEqualTo(3f);
        assertThat(m[0]).isEqualTo(1f);
        assertThat(v[4]).isEqualTo(1f);
        near(w[1], 2.9);
        near(w[2], 3.1);
        near(w[3], 2.9);
    }
}
