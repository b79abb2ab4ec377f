package dev.shoal.ml.model;

/**
 * Softmax cross-entropy over rows of logits held row-major in one array.
 *
 * <pre>{@code
 * double loss = Softmax.crossEntropy(logits, classes, labels, 0, batch, 1f, dLogits);
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
     * Mean cross-entropy of the first {@code batch} rows of {@code logits} against {@code labels[from ..]}, writing
     * {@code weight} times the gradient of that mean with respect to the logits, {@code weight * (softmax - onehot)
     * / batch}, into {@code grad}.
     */
    static double crossEntropy(float[] logits, int classes, int[] labels, int from, int batch, float weight,
            float[] grad) {
        if (from < 0 || from + batch > labels.length) {
            throw new IllegalArgumentException(batch + " labels from " + from + " do not fit " + labels.length);
        }
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int label = labels[from + b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + (from + b)
                        + " is not a class in [0, " + classes + ")");
            }
            loss += row(logits, b * classes, classes, label, grad, weight / batch);
        }
        return batch == 0 ? 0 : loss / batch;
    }

    private static double row(float[] logits, int off, int classes, int label, float[] grad, float scale) {
        float max = logits[off];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, logits[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[off + c] - max);
        }
        double p = scale / sum;
        for (int c = 0; c < classes; c++) {
            grad[off + c] = (float) (Math.exp(logits[off + c] - max) * p);
        }
        grad[off + label] -= scale;
        return Math.log(sum) - (logits[off + label] - max);
    }

    /** Index of the largest of {@code logits[off .. off + classes)}, relative to {@code off}; the first on ties. */
    static int argmax(float[] logits, int off, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[off + c] > logits[off + best]) {
                best = c;
            }
        }
        return best;
    }
}
