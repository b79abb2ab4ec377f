package dev.shoal.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void gradientOfEveryParameterMatchesCentralDifferences() {
        checkGradient(new Mlp(7, 5, 3), 6, 11);
    }

    @Test
    void gradientOfADeeperNetMatchesCentralDifferences() {
        checkGradient(new Mlp(4, 6, 5, 3), 5, 12);
    }

    private static void checkGradient(Mlp mlp, int batch, long seed) {
        Random random = new Random(seed);
        float[][] params = mlp.initialParameters(seed);
        for (float[] layer : params) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] += (float) (0.1 * random.nextGaussian());   // non-zero biases too
            }
        }
        float[] x = randomInputs(random, batch * mlp.inputs());
        int[] labels = random.ints(batch, 0, mlp.classes()).toArray();
        float[][] grads = mlp.newParameters();
        double loss = mlp.lossAndGradient(x, labels, batch, params, grads, mlp.workspace(batch + 3));
        assertThat(loss).isCloseTo(referenceLoss(mlp, x, labels, batch, toDouble(params)), within(1e-5));
        double eps = 1e-6;
        for (int l = 0; l < mlp.layers(); l++) {
            for (int i = 0; i < params[l].length; i++) {
                double[][] p = toDouble(params);
                p[l][i] += eps;
                double plus = referenceLoss(mlp, x, labels, batch, p);
                p[l][i] -= 2 * eps;
                double minus = referenceLoss(mlp, x, labels, batch, p);
                double numeric = (plus - minus) / (2 * eps);
                assertThat(SparseLogisticRegressionTest.relativeError(grads[l][i], numeric))
                        .as("layer %d parameter %d: analytic %s, numeric %s", l, i, grads[l][i], numeric)
                        .isLessThan(1e-3);
            }
        }
    }

    @Test
    void aPipelinedStepComputesTheSameGradientAndAnnouncesEveryBlockInOrder() {
        Mlp mlp = new Mlp(7, 5, 3);
        Random random = new Random(4);
        float[][] params = mlp.initialParameters(4);
        float[] x = randomInputs(random, 6 * 7);
        int[] labels = random.ints(6, 0, 3).toArray();
        float[][] whole = mlp.newParameters();
        float[][] blocked = mlp.newParameters();
        mlp.lossAndGradient(x, labels, 6, params, whole, mlp.workspace(6), 0.5f);
        List<String> events = new ArrayList<>();
        mlp.lossAndGradient(x, labels, 6, params, blocked, mlp.workspace(6), 0.5f, new Mlp.Pipeline() {
            @Override
            public int blockRows(int layer) {
                return layer == 0 ? 3 : 0;   // layer 0's 7 rows in blocks of 3, 3 and 1
            }

            @Override
            public void awaitBias(int layer) {
                events.add("pull b" + layer);
            }

            @Override
            public void awaitWeights(int layer, int block) {
                events.add("pull w" + layer + "." + block);
            }

            @Override
            public void biasGradientReady(int layer) {
                events.add("push b" + layer);
            }

            @Override
            public void weightGradientReady(int layer, int block) {
                events.add("push w" + layer + "." + block);
            }
        });
        for (int l = 0; l < mlp.layers(); l++) {
            for (int i = 0; i < whole[l].length; i++) {
                assertThat(blocked[l][i]).as("layer %d parameter %d", l, i).isCloseTo(whole[l][i], within(1e-6f));
            }
        }
        assertThat(events).containsExactly("pull b0", "pull w0.0", "pull w0.1", "pull w0.2", "pull b1", "pull w1.0",
                "push b1", "push w1.0", "push b0", "push w0.0", "push w0.1", "push w0.2");
    }

    @Test
    void uniformLogitsCostTheLogOfTheClassCount() {
        Mlp mlp = new Mlp(7, 5, 3);
        float[][] zeros = mlp.newParameters();
        float[] x = randomInputs(new Random(1), 4 * 7);
        double loss = mlp.lossAndGradient(x, new int[] {0, 1, 2, 1}, 4, zeros, mlp.newParameters(),
                mlp.workspace(4));
        assertThat(loss).isCloseTo(Math.log(3), within(1e-6));
        Mlp wide = new Mlp(3, 10);
        assertThat(wide.loss(new float[6], new int[] {4, 9}, 0, 2, wide.newParameters(), wide.workspace(2)))
                .isCloseTo(Math.log(10), within(1e-6));
    }

    @Test
    void hugeLogitsGiveAFiniteLoss() {
        Mlp mlp = new Mlp(1, 2);
        float[][] p = {{1000f, -1000f, 0f, 0f}};
        double loss = mlp.loss(new float[] {1f}, new int[] {1}, 0, 1, p, mlp.workspace(1));
        assertThat(loss).isCloseTo(2000.0, within(1e-3));
    }

    @Test
    void sgdOnSeparableClustersReducesTheLossAndLearnsThem() {
        Random random = new Random(3);
        Mlp mlp = new Mlp(4, 8, 3);
        int n = 60;
        float[] x = new float[n * 4];
        int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            labels[s] = s % 3;
            for (int i = 0; i < 4; i++) {
                x[s * 4 + i] = (float) (0.3 * random.nextGaussian()) + (i == labels[s] ? 2f : 0f);
            }
        }
        float[][] params = mlp.initialParameters(5);
        float[][] grads = mlp.newParameters();
        Mlp.Workspace ws = mlp.workspace(n);
        double before = mlp.loss(x, labels, 0, n, params, ws);
        for (int step = 0; step < 30; step++) {
            mlp.lossAndGradient(x, labels, n, params, grads, ws);
            for (int l = 0; l < mlp.layers(); l++) {
                for (int i = 0; i < params[l].length; i++) {
                    params[l][i] -= 0.2f * grads[l][i];
                }
            }
        }
        assertThat(mlp.loss(x, labels, 0, n, params, ws)).isLessThan(before / 2);
        assertThat(mlp.accuracy(x, labels, n, params, mlp.workspace(7))).isEqualTo(1.0);
        int[] predicted = new int[3];
        mlp.predict(x, 3, params, ws, predicted);
        assertThat(predicted).containsExactly(0, 1, 2);
    }

    @Test
    void layoutIsInputMajorWithTheBiasLast() {
        Mlp mlp = new Mlp(2, 3);
        // weight i -> j at i * 3 + j; bias j at 6 + j
        float[][] p = {{1, 2, 3, 4, 5, 6, 10, 20, 30}};
        float[][] g = mlp.newParameters();
        Mlp.Workspace ws = mlp.workspace(1);
        int[] out = new int[1];
        mlp.predict(new float[] {0, 1}, 1, p, ws, out);
        assertThat(out[0]).isEqualTo(2);   // logits 14, 25, 36
        mlp.lossAndGradient(new float[] {0, 1}, new int[] {0}, 1, p, g, ws);
        assertThat(g[0][0]).isZero();       // input 0 is zero, so its weights get no gradient
        assertThat(g[0][3]).isEqualTo(g[0][6]);   // input 1 is one: its weight gradient equals the bias's
        assertThat(mlp.parameterCount(0)).isEqualTo(9);
        assertThat(Mlp.fashionMnist().parameterCount(0)).isEqualTo(785 * 256);
        assertThat(Mlp.fashionMnist()).hasToString("Mlp[784-256-10]");
    }

    @Test
    void badShapesAreRefused() {
        Mlp mlp = new Mlp(2, 3);
        float[][] p = mlp.newParameters();
        assertThatThrownBy(() -> mlp.lossAndGradient(new float[4], new int[2], 2, p, p, mlp.workspace(1)))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> mlp.lossAndGradient(new float[2], new int[] {3}, 1, p, p, mlp.workspace(1)))
                .hasMessageContaining("label 3");
        assertThatThrownBy(() -> mlp.lossAndGradient(new float[2], new int[1], 1, new float[1][2], p,
                mlp.workspace(1))).hasMessageContaining("layer 0 needs 9");
        assertThatThrownBy(() -> new Mlp(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> mlp.workspace(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Inputs in [0, 1) with a quarter exactly zero, like image pixels, so the zero-skipping paths run. */
    private static float[] randomInputs(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(4) == 0 ? 0f : random.nextFloat();
        }
        return x;
    }

    /** The mean softmax cross-entropy computed in double with plain loops, for the finite differences. */
    static double referenceLoss(Mlp mlp, float[] x, int[] labels, int batch, double[][] p) {
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            double[] a = new double[mlp.inputs()];
            for (int i = 0; i < a.length; i++) {
                a[i] = x[b * a.length + i];
            }
            for (int l = 0; l < mlp.layers(); l++) {
                int in = mlp.size(l);
                int out = mlp.size(l + 1);
                double[] z = new double[out];
                for (int j = 0; j < out; j++) {
                    z[j] = p[l][in * out + j];
                    for (int i = 0; i < in; i++) {
                        z[j] += a[i] * p[l][i * out + j];
                    }
                    if (l < mlp.layers() - 1) {
                        z[j] = Math.max(0, z[j]);
                    }
                }
                a = z;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : a) {
                max = Math.max(max, v);
            }
            double total = 0;
            for (double v : a) {
                total += Math.exp(v - max);
            }
            sum += Math.log(total) + max - a[labels[b]];
        }
        return sum / batch;
    }

    private static double[][] toDouble(float[][] p) {
        double[][] out = new double[p.length][];
        for (int l = 0; l < p.length; l++) {
            out[l] = SparseLogisticRegressionTest.toDouble(p[l]);
        }
        return out;
    }
}
