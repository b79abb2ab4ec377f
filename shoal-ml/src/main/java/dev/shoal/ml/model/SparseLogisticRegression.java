package dev.shoal.ml.model;

import dev.shoal.ml.data.SparseDataset;
import java.util.Arrays;

/**
 * Binary logistic regression on sparse rows: a weight per feature plus a bias, mean log-loss, with an optional
 * L2 penalty on the weights a step touches.
 *
 * <pre>{@code
 * SparseLogisticRegression model = new SparseLogisticRegression(1e-6);
 * SparseBatch batch = new SparseBatch().fill(train, order, from, 64);
 * float[] w = new float[batch.keyCount() + 1];    // weights of batch.keys(), then the bias
 * float[] g = new float[batch.keyCount() + 1];
 * double loss = model.lossAndGradient(batch, w, g);
 * double acc = SparseLogisticRegression.accuracy(test, allWeights, bias);
 * }</pre>
 *
 * <p>The step works on a {@link SparseBatch}'s key list, never on the whole weight vector, because a worker
 * only holds the weights it pulled for the batch. For the same reason the L2 term is lazy: it penalizes, in
 * both the loss and the gradient, only the weights of the batch's keys (not the bias). L1 is left to the
 * server's optimizer (FTRL-Proximal), which applies it exactly rather than as a subgradient.
 *
 * <p>Sums run in double and the loss uses {@code max(0, -m) + log1p(exp(-|m|))} for margin {@code m}, so a
 * confident prediction gives a loss of about {@code |m|} rather than an overflow or {@code log(0)}.
 */
public final class SparseLogisticRegression {

    private final double l2;

    /** @param l2 L2 penalty strength, 0 for none */
    public SparseLogisticRegression(double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("L2 strength must be finite and non-negative, got " + l2);
        }
        this.l2 = l2;
    }

    public double l2() {
        return l2;
    }

    /**
     * Mean log-loss of the batch (plus {@code l2 / 2} times the sum of the squared key weights) and its
     * gradient.
     *
     * @param batch    the rows, their keys and positions
     * @param weights  at least {@code keyCount + 1} values: the weight of each key, then the bias
     * @param gradient at least {@code keyCount + 1} values, overwritten in the same layout
     * @return the loss; 0 for an empty batch
     */
    public double lossAndGradient(SparseBatch batch, float[] weights, float[] gradient) {
        int k = batch.keyCount();
        if (weights.length < k + 1 || gradient.length < k + 1) {
            throw new IllegalArgumentException(k + " keys need " + (k + 1) + " weights and gradients, got "
                    + weights.length + " and " + gradient.length);
        }
        Arrays.fill(gradient, 0, k + 1, 0f);
        int n = batch.rows();
        if (n == 0) {
            return 0;
        }
        double loss = 0;
        double biasGradient = 0;
        for (int r = 0; r < n; r++) {
            double z = weights[k];
            for (int e = batch.rowStart(r); e < batch.rowEnd(r); e++) {
                z += (double) weights[batch.position(e)] * batch.value(e);
            }
            double sign = batch.label(r) > 0 ? 1 : -1;
            loss += logLoss(sign * z);
            double g = -sign * sigmoid(-sign * z) / n;
            for (int e = batch.rowStart(r); e < batch.rowEnd(r); e++) {
                gradient[batch.position(e)] += (float) (g * batch.value(e));
            }
            biasGradient += g;
        }
        gradient[k] = (float) biasGradient;
        return loss / n + penalize(weights, gradient, k);
    }

    private double penalize(float[] weights, float[] gradient, int k) {
        if (l2 == 0) {
            return 0;
        }
        double sum = 0;
        for (int p = 0; p < k; p++) {
            sum += (double) weights[p] * weights[p];
            gradient[p] += (float) (l2 * weights[p]);
        }
        return 0.5 * l2 * sum;
    }

    /** {@code log(1 + exp(-margin))} without overflow for any margin. */
    public static double logLoss(double margin) {
        return Math.max(0, -margin) + Math.log1p(Math.exp(-Math.abs(margin)));
    }

    /** The logistic function, computed so neither tail overflows. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** The score {@code bias + w . x} of one row, with {@code weights} indexed by feature. */
    public static double margin(SparseDataset data, int row, float[] weights, float bias) {
        double z = bias;
        for (int e = data.rowStart(row); e < data.rowEnd(row); e++) {
            z += (double) weights[data.index(e)] * data.value(e);
        }
        return z;
    }

    /** Mean log-loss over every row (no penalty), with {@code weights} indexed by feature. */
    public static double loss(SparseDataset data, float[] weights, float bias) {
        if (data.rows() == 0) {
            return 0;
        }
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            double sign = data.label(r) > 0 ? 1 : -1;
            sum += logLoss(sign * margin(data, r, weights, bias));
        }
        return sum / data.rows();
    }

    /**
     * Fraction of rows whose predicted class (positive when the score is above zero) matches the label
     * (positive when above zero, so +1/-1 and 1/0 labels both work); 0 for no rows.
     */
    public static double accuracy(SparseDataset data, float[] weights, float bias) {
        if (data.rows() == 0) {
            return 0;
        }
        int correct = 0;
        for (int r = 0; r < data.rows(); r++) {
            boolean predicted = margin(data, r, weights, bias) > 0;
            if (predicted == data.label(r) > 0) {
                correct++;
            }
        }
        return (double) correct / data.rows();
    }
}
