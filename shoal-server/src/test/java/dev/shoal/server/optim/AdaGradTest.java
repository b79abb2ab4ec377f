package dev.shoal.server.optim;

import org.junit.jupiter.api.Test;

import static dev.shoal.server.optim.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

class AdaGradTest {

    @Test
    void initStateSetsTheInitialAccumulator() {
        AdaGrad ada = new AdaGrad(0.1f, 1e-10f, 0.25f);
        float[] acc = new float[4];
        ada.initState(new float[4], acc, null, 1, 2);
        assertThat(acc).containsExactly(0f, 0.25f, 0.25f, 0f);
        assertThat(ada.stateSlots()).isEqualTo(1);
    }

    @Test
    void stepsMatchHandComputedValues() {
        AdaGrad ada = new AdaGrad(0.1f, 1e-10f, 0.1f);
        float[] w = {1f};
        float[] acc = new float[1];
        ada.initState(w, acc, null, 0, 1);
        // acc = 0.1 + 4 = 4.1;   w = 1 - 0.1*2/sqrt(4.1)          = 0.9012270388860365
        // acc = 4.1 + 1 = 5.1;   w += 0.1/sqrt(5.1)               = 0.945507783814446
        // acc = 5.1 + 0.25;      w -= 0.1*0.5/sqrt(5.35)          = 0.9238908984379185
        float[] grads = {2f, -1f, 0.5f};
        double[] expectedW = {0.9012270388860365, 0.945507783814446, 0.9238908984379185};
        double[] expectedAcc = {4.1, 5.1, 5.35};
        for (int t = 0; t < 3; t++) {
            ada.apply(w, acc, null, 0, grads, t, 1, t);
            near(w[0], expectedW[t]);
            near(acc[0], expectedAcc[t]);
        }
    }

    @Test
    void largerAccumulatedGradientsTakeSmallerSteps() {
        AdaGrad ada = new AdaGrad(1f, 1e-10f, 0f);
        float[] w = {0f};
        float[] acc = {0f};
        float[] g = {1f};
        ada.apply(w, acc, null, 0, g, 0, 1, 0);
        float first = -w[0];
        ada.apply(w, acc, null, 0, g, 0, 1, 1);
        float second = -w[0] - first;
        near(first, 1.0);
        near(second, 1 / Math.sqrt(2));
    }

    @Test
    void offsetsTouchOnlyTheRange() {
        AdaGrad ada = new AdaGrad(0.1f, 0f, 0f);
        float[] w = {5f, 5f, 5f, 5f};
        float[] acc = {0f, 0f, 0f, 7f};
        ada.apply(w, acc, null, 1, new float[] {0f, 3f, -4f}, 1, 2, 0);
        // first AdaGrad step with zero accumulator moves by lr*sign(g)
        near(w[1], 4.9);
        near(w[2], 5.1);
        assertThat(w[0]).isEqualTo(5f);
        assertThat(w[3]).isEqualTo(5f);
        assertThat(acc).containsExactly(0f, 9f, 16f, 7f);
    }
}
