package dev.shoal.ml.model;

import java.util.Arrays;

/**
 * The dense kernels of {@link Mlp}, on matrices held as one array per row: activations {@code [batch][n]},
 * a layer's weights {@code [nIn + 1][nOut]} with the bias as the last row.
 *
 * <pre>{@code
 * Dense.load(params[l], rows);                 // flat layer -> rows
 * Dense.affine(in, batch, rows, out);          // out = in . W + b
 * }</pre>
 *
 * <p>Rows are separate arrays, not offsets into one, because C2 (as of JDK 25) vectorizes {@code y[j] += a *
 * x[j]} but not {@code y[yOff + j] += a * x[xOff + j]}: it cannot rule out that two offsets into possibly the
 * same array overlap, and the scalar loop is five times slower. Every loop nest therefore ends in such an
 * axpy over a whole row; the only float dot product (not vectorized, since the JIT keeps the order of the
 * additions) runs on the small output layer. An axpy whose coefficients are all zero is skipped, since a
 * quarter to a half of the pixels of a Fashion-MNIST image, and about half of the ReLU outputs, are zero.
 */
final class Dense {

    private Dense() {
    }

    /** Copies a flat row-major matrix into its rows. */
    static void load(float[] flat, float[][] rows) {
        int n = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * n, rows[i], 0, n);
        }
    }

    /** Copies rows into a flat row-major matrix. */
    static void store(float[][] rows, float[] flat) {
        int n = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
    }

    /** {@code out[b] = in[b] . W + bias} for the first {@code batch} rows; {@code w} has the bias as its last row. */
    static void affine(float[][] in, int batch, float[][] w, float[][] out) {
        int nIn = w.length - 1;
        for (int b = 0; b < batch; b++) {
            float[] x = in[b];
            float[] o = out[b];
            System.arraycopy(w[nIn], 0, o, 0, o.length);
            int i = 0;
            for (; i + 3 < nIn; i += 4) {
                axpy4(x[i], w[i], x[i + 1], w[i + 1], x[i + 2], w[i + 2], x[i + 3], w[i + 3], o);
            }
            for (; i < nIn; i++) {
                axpy(x[i], w[i], o);
            }
        }
    }

    /**
     * Overwrites {@code grad} ({@code [nIn + 1][nOut]}) with {@code in^T . delta}, and its last row with the
     * column sums of {@code delta}.
     *
     * <p>Input-major, so each gradient row stays in L1 while the batch's deltas (64 KB for 64 x 256) stream
     * past it, rather than streaming the whole 800 KB gradient once per sample.
     */
    static void weightGradient(float[][] in, float[][] delta, int batch, float[][] grad) {
        int nIn = grad.length - 1;
        for (int i = 0; i < nIn; i++) {
            float[] g = grad[i];
            Arrays.fill(g, 0f);
            int b = 0;
            for (; b + 3 < batch; b += 4) {
                axpy4(in[b][i], delta[b], in[b + 1][i], delta[b + 1], in[b + 2][i], delta[b + 2], in[b + 3][i],
                        delta[b + 3], g);
            }
            for (; b < batch; b++) {
                axpy(in[b][i], delta[b], g);
            }
        }
        float[] bias = grad[nIn];
        Arrays.fill(bias, 0f);
        for (int b = 0; b < batch; b++) {
            axpy(1f, delta[b], bias);
        }
    }

    /**
     * {@code deltaIn[b][i] = (delta[b] . W[i]) * relu'(act[b][i])}: the gradient with respect to a ReLU
     * layer's pre-activation, given that layer's output {@code act}.
     */
    static void reluInputGradient(float[][] delta, float[][] w, float[][] act, int batch, float[][] deltaIn) {
        int nIn = w.length - 1;
        for (int b = 0; b < batch; b++) {
            float[] d = delta[b];
            float[] h = act[b];
            float[] out = deltaIn[b];
            for (int i = 0; i < nIn; i++) {
                out[i] = h[i] > 0 ? dot(d, w[i]) : 0f;
            }
        }
    }

    static void relu(float[][] rows, int batch) {
        for (int b = 0; b < batch; b++) {
            float[] r = rows[b];
            for (int j = 0; j < r.length; j++) {
                r[j] = Math.max(r[j], 0f);
            }
        }
    }

    /** {@code y += a * x} over the length of {@code y}; nothing to do when {@code a} is zero. */
    static void axpy(float a, float[] x, float[] y) {
        if (a == 0) {
            return;
        }
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    /**
     * {@code y += a * x + b * u + c * v + d * t}: four rows per pass over {@code y}, so it is loaded and stored
     * a quarter as often as with four axpys.
     */
    static void axpy4(float a, float[] x, float b, float[] u, float c, float[] v, float d, float[] t, float[] y) {
        if (a == 0 && b == 0 && c == 0 && d == 0) {
            return;
        }
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j] + b * u[j] + c * v[j] + d * t[j];
        }
    }

    /** Four partial sums so the additions overlap in the pipeline even though they are not vectorized. */
    static float dot(float[] x, float[] y) {
        int n = x.length;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[j] * y[j];
            s1 += x[j + 1] * y[j + 1];
            s2 += x[j + 2] * y[j + 2];
            s3 += x[j + 3] * y[j + 3];
        }
        for (; j < n; j++) {
            s0 += x[j] * y[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
