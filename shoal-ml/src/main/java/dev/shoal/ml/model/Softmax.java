package dev.shoal.ml.model;

/**
 * Softmax cross-entropy over rows of logits.
 *
 * <pre>{@code
 * double loss = Softmax.crossEntropy(logits, labels, 0, batch, dLogits);   // logits[b] is sample b's row
 * }</pre>
 *
 * <p>Each row is shifted by its maximum before {@code exp}, so large logits neither overflow nor lose the
 * small probabilities, and the loss is taken as {@code log(sum) - shifted logit} rather than the log of a
 * probability that may have rounded to zero.
 */
final class Softmax {

    private Softmax() {
    }

    /**
     * Mean cross-entropy of the first {@code batch} rows of {@code logits} against {@code labels[from ..]}, writing the
     * gradient of that mean with respect to the logits, {@code (softmax - onehot) / batch}, into {@code grad}.
     */
    static double crossEntropy(float[][] logits, int[] labels, int from, int batch, float[][] grad) {
        if (from < 0 || from + batch > labels.length) {
            throw new IllegalArgumentException(batch + " labels from " + from + " do not fit " + labels.length);
        }
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int label = labels[from + b];
            if (label < 0 || label >= logits[b].length) {
                throw new IllegalArgumentException("label " + label + " of sample " + (from + b)
                        + " is not a class in [0, " + logits[b].length + ")");
            }
            loss += row(logits[b], label, grad[b], batch);
        }
        return batch == 0 ? 0 : loss / batch;
    }

    private static double row(float[] logits, int label, float[] grad, int batch) {
        float max = logits[0];
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        double scale = 1.0 / (sum * batch);
        for (int c = 0; c < logits.length; c++) {
            grad[c] = (float) (Math.exp(logits[c] - max) * scale);
        }
        grad[label] -= 1f / batch;
        return Math.log(sum) - (logits[label] - max);
    }

    /** Index of the largest entry of {@code logits}, the first on ties. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }
}
