package dev.shoal.server.optim;

import org.junit.jupiter.api.Test;

import static dev.shoal.server.optim.Near.near;
import static org.assertj.core.api.Assertions.assertThat;

class FtrlTest {

    @Test
    void stepsMatchHandComputedValues() {
        Ftrl ftrl = new Ftrl(0.1f, 1f, 1f, 0.1f);
        float[] w = {0f};
        float[] z = new float[1];
        float[] n = new float[1];
        ftrl.initState(w, z, n, 0, 1);
        // sigma = (sqrt(n + g²) - sqrt(n)) / alpha; z += g - sigma w; n += g²
        // w = 0 if |z| <= l1 else -(z - sign(z) l1) / ((beta + sqrt(n)) / alpha + l2)
        float[] grads = {0.5f, 0.8f, -0.2f, -3f};
        double[] expectedZ = {0.5, 1.3, 1.1032200752240968, -1.7824524066352951};
        double[] expectedN = {0.25, 0.89, 0.93, 9.93};
        double[] expectedW = {0.0, -0.015357852677161533, -0.005228013704058444, 0.01880357231902392};
        for (int t = 0; t < 4; t++) {
            ftrl.apply(w, z, n, 0, grads, t, 1, t);
            near(z[0], expectedZ[t]);
            near(n[0], expectedN[t]);
            near(w[0], expectedW[t], 1e-5);     // z - l1 cancels about one digit in float
        }
    }

    @Test
    void l1ProducesExactZeros() {
        Ftrl ftrl = new Ftrl(0.1f, 1f, 1f, 0f);
        int len = 64;
        float[] w = new float[len];
        float[] z = new float[len];
        float[] n = new float[len];
        float[] g = new float[len];
        for (int i = 0; i < len; i++) {
            g[i] = (i % 7 - 3) * 0.1f;          // |g| <= 0.3: |z| stays under l1 for two steps
        }
        ftrl.initState(w, z, n, 0, len);
        ftrl.apply(w, z, n, 0, g, 0, len, 0);
        ftrl.apply(w, z, n, 0, g, 0, len, 1);
        assertThat(w).containsOnly(0f);
        ftrl.apply(w, z, n, 0, new float[] {5f}, 0, 1, 2);
        assertThat(w[0]).isNotZero();
    }

    @Test
    void initialWeightIsKeptUntilAGradientArrives() {
        Ftrl ftrl = new Ftrl(0.1f, 1f, 1f, 0.1f);
        float[] w = {0.3f, -0.2f, 0f};
        float[] z = new float[3];
        float[] n = new float[3];
        ftrl.initState(w, z, n, 0, 3);
        // z = -(w (beta/alpha + l2) + sign(w) l1) = -(0.3 * 10.1 + 1)
        near(z[0], -(0.3 * 10.1 + 1), 1e-5);
        near(z[1], 0.2 * 10.1 + 1, 1e-5);
        assertThat(z[2]).isZero();
        ftrl.apply(w, z, n, 0, new float[3], 0, 3, 0);
        near(w[0], 0.3, 1e-5);
        near(w[1], -0.2, 1e-5);
        assertThat(w[2]).isZero();
    }

    @Test
    void offsetsTouchOnlyTheRange() {
        Ftrl ftrl = new Ftrl(0.1f, 1f, 0f, 0f);
        float[] w = {4f, 0f, 0f, 4f};
        float[] z = {4f, 0f, 0f, 4f};
        float[] n = {4f, 0f, 0f, 4f};
        ftrl.apply(w, z, n, 1, new float[] {7f, 1f, -1f}, 1, 2, 0);
        // z = g, n = 1, w = -g / ((1 + 1) / 0.1) = -g / 20
        near(w[1], -0.05);
        near(w[2], 0.05);
        assertThat(w[0]).isEqualTo(4f);
        assertThat(w[3]).isEqualTo(4f);
        assertThat(z).containsExactly(4f, 1f, -1f, 4f);
        assertThat(n).containsExactly(4f, 1f, 1f, 4f);
    }
}
