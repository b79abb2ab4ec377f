package dev.shoal.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shoal.ml.data.SparseDataset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseLogisticRegressionTest {

    @Test
    void lossAndGradientMatchHandComputedValuesForTwoRows() {
        // row 0: x0 = 1, x2 = 2, label +1; row 1: x2 = 1, label -1
        SparseDataset d = new SparseDataset(new float[] {1, -1}, new int[] {0, 2, 3}, new int[] {0, 2, 2},
                new float[] {1, 2, 1}, 3);
        SparseBatch b = new SparseBatch().fill(d, new int[] {0, 1}, 0, 2);
        float[] w = {0.5f, -0.25f, 0.1f};   // keys 0 and 2, then the bias: z0 = 0.1, z1 = -0.15
        float[] g = new float[3];
        double loss = new SparseLogisticRegression(0).lossAndGradient(b, w, g);
        // (log(1 + e^-0.1) + log(1 + e^-0.15)) / 2 = (0.644396660 + 0.620957048) / 2
        assertThat(loss).isCloseTo(0.6326768539, within(1e-7));
        // g(row) = -y sigmoid(-y z) / 2: -0.2375104063 for row 0, +0.2312253173 for row 1
        assertThat(g[0]).isCloseTo(-0.2375104063f, within(1e-6f));
        assertThat(g[1]).isCloseTo(-0.2437357352f, within(1e-6f));
        assertThat(g[2]).isCloseTo(-0.0062253289f, within(1e-6f));
    }

    @Test
    void l2AddsHalfTheSquaredNormToTheLossAndTheWeightToTheGradientButSparesTheBias() {
        SparseDataset d = new SparseDataset(new float[] {1}, new int[] {0, 1}, new int[] {4}, new float[] {1}, 5);
        SparseBatch b = new SparseBatch().fill(d, new int[] {0}, 0, 1);
        float[] w = {2f, 3f};
        float[] plain = new float[2];
        float[] penalized = new float[2];
        double l0 = new SparseLogisticRegression(0).lossAndGradient(b, w, plain);
        double l1 = new SparseLogisticRegression(0.5).lossAndGradient(b, w, penalized);
        assertThat(l1 - l0).isCloseTo(0.5 * 0.5 * 4, within(1e-9));
        assertThat(penalized[0] - plain[0]).isCloseTo(1f, within(1e-6f));
        assertThat(penalized[1]).isEqualTo(plain[1]);
    }

    @Test
    void gradientMatchesCentralDifferencesWithL2() {
        Random random = new Random(7);
        SparseDataset d = randomDataset(random, 12, 30, 6);
        int[] order = {11, 3, 3, 0, 5, 8, 2, 9};
        SparseBatch b = new SparseBatch().fill(d, order, 1, 6);
        int k = b.keyCount();
        float[] w = new float[k + 1];
        for (int p = 0; p <= k; p++) {
            w[p] = (float) random.nextGaussian();
        }
        float[] g = new float[k + 1];
        SparseLogisticRegression model = new SparseLogisticRegression(0.1);
        double loss = model.lossAndGradient(b, w, g);
        assertThat(loss).isCloseTo(referenceLoss(d, order, 1, 6, b, toDouble(w), 0.1), within(1e-9));
        double eps = 1e-6;
        for (int p = 0; p <= k; p++) {
            double[] plus = toDouble(w);
            double[] minus = toDouble(w);
            plus[p] += eps;
            minus[p] -= eps;
            double numeric = (referenceLoss(d, order, 1, 6, b, plus, 0.1)
                    - referenceLoss(d, order, 1, 6, b, minus, 0.1)) / (2 * eps);
            assertThat(relativeError(g[p], numeric)).as("parameter %d", p).isLessThan(1e-3);
        }
    }

    @Test
    void lossStaysFiniteForHugeMargins() {
        assertThat(SparseLogisticRegression.logLoss(1000)).isZero();
        assertThat(SparseLogisticRegression.logLoss(-1000)).isEqualTo(1000.0);
        assertThat(SparseLogisticRegression.logLoss(0)).isCloseTo(Math.log(2), within(1e-15));
        assertThat(SparseLogisticRegression.sigmoid(-1000)).isZero();
        assertThat(SparseLogisticRegression.sigmoid(1000)).isEqualTo(1.0);
    }

    @Test
    void sgdOnASeparableProblemReducesTheLossAndClassifiesEveryRow() {
        // label +1 when feature 0 is present, -1 when feature 1 is; feature 2 is noise in every row
        int rows = 40;
        float[] labels = new float[rows];
        int[] rowStart = new int[rows + 1];
        int[] indices = new int[2 * rows];
        float[] values = new float[2 * rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 2 == 0 ? 1 : 0;
            rowStart[r + 1] = 2 * r + 2;
            indices[2 * r] = r % 2;
            indices[2 * r + 1] = 2;
            values[2 * r] = 1;
            values[2 * r + 1] = 1;
        }
        SparseDataset d = new SparseDataset(labels, rowStart, indices, values, 3);
        float[] weights = new float[3];
        float bias = 0;
        double before = SparseLogisticRegression.loss(d, weights, bias);
        SparseLogisticRegression model = new SparseLogisticRegression(0);
        SparseBatch b = new SparseBatch();
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        for (int step = 0; step < 20; step++) {
            b.fill(d, order, (step * 8) % rows, 8);
            float[] w = new float[b.keyCount() + 1];
            float[] g = new float[b.keyCount() + 1];
            for (int p = 0; p < b.keyCount(); p++) {
                w[p] = weights[(int) b.key(p)];
            }
            w[b.keyCount()] = bias;
            model.lossAndGradient(b, w, g);
            for (int p = 0; p < b.keyCount(); p++) {
                weights[(int) b.key(p)] -= 0.5f * g[p];
            }
            bias -= 0.5f * g[b.keyCount()];
        }
        assertThat(SparseLogisticRegression.loss(d, weights, bias)).isLessThan(before / 2);
        assertThat(SparseLogisticRegression.accuracy(d, weights, bias)).isEqualTo(1.0);
    }

    @Test
    void accuracyNormalizesBothLabelConventions() {
        SparseDataset plusMinus = new SparseDataset(new float[] {1, -1, -1}, new int[] {0, 1, 2, 3},
                new int[] {0, 1, 0}, new float[] {1, 1, 1}, 2);
        SparseDataset oneZero = new SparseDataset(new float[] {1, 0, 0}, new int[] {0, 1, 2, 3},
                new int[] {0, 1, 0}, new float[] {1, 1, 1}, 2);
        float[] w = {1, -1};
        assertThat(SparseLogisticRegression.accuracy(plusMinus, w, 0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(SparseLogisticRegression.accuracy(oneZero, w, 0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThatThrownBy(() -> new SparseLogisticRegression(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Rows of up to {@code maxPerRow} distinct features, some empty, values in [-1, 1), labels +1/-1. */
    static SparseDataset randomDataset(Random random, int rows, int dimension, int maxPerRow) {
        float[] labels = new float[rows];
        int[] rowStart = new int[rows + 1];
        int[] indices = new int[rows * maxPerRow];
        float[] values = new float[rows * maxPerRow];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextBoolean() ? 1 : -1;
            int count = random.nextInt(maxPerRow + 1);
            int[] features = random.ints(0, dimension).distinct().limit(count).sorted().toArray();
            for (int f : features) {
                indices[e] = f;
                values[e++] = random.nextFloat() * 2 - 1;
            }
            rowStart[r + 1] = e;
        }
        return new SparseDataset(labels, rowStart, java.util.Arrays.copyOf(indices, e),
                java.util.Arrays.copyOf(values, e), dimension);
    }

    /** The batch loss in double, looking keys up independently of the batch's positions. */
    static double referenceLoss(SparseDataset d, int[] order, int from, int n, SparseBatch b, double[] w,
            double l2) {
        int k = b.keyCount();
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            int row = order[i];
            double z = w[k];
            for (int e = d.rowStart(row); e < d.rowEnd(row); e++) {
                z += w[find(b, d.index(e))] * d.value(e);
            }
            double y = d.label(row) > 0 ? 1 : -1;
            sum += Math.log(1 + Math.exp(-y * z));
        }
        double penalty = 0;
        for (int p = 0; p < k; p++) {
            penalty += w[p] * w[p];
        }
        return sum / n + 0.5 * l2 * penalty;
    }

    private static int find(SparseBatch b, int feature) {
        for (int p = 0; p < b.keyCount(); p++) {
            if (b.key(p) == feature) {
                return p;
            }
        }
        throw new AssertionError("feature " + feature + " missing from the batch's keys");
    }

    static double[] toDouble(float[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i];
        }
        return out;
    }

    /** Relative error with a floor, so a gradient that is zero up to rounding compares as an absolute error. */
    static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-4, Math.abs(analytic) + Math.abs(numeric));
    }
}
