package dev.shoal.ml.model;

import java.util.Arrays;
import java.util.Random;

/**
 * A multilayer perceptron: fully connected layers, ReLU between them, softmax cross-entropy on the output.
 *
 * <pre>{@code
 * Mlp mlp = Mlp.fashionMnist();                       // 784-256-10
 * float[][] params = mlp.initialParameters(42);       // one flat array per layer
 * float[][] grads = mlp.newParameters();
 * Mlp.Workspace ws = mlp.workspace(64);
 * double loss = mlp.lossAndGradient(x, labels, 64, params, grads, ws);   // x is [64][784] row-major
 * double acc = mlp.accuracy(testX, testLabels, testLabels.length, params, ws);
 * }</pre>
 *
 * <p>Layer {@code l} maps {@code size(l)} inputs to {@code size(l + 1)} outputs and keeps its parameters in
 * one float array of {@code (size(l) + 1) * size(l + 1)} values, so it maps to one dense table on the
 * servers: the weights row-major as {@code [in][out]} (weight {@code i -> j} at {@code i * out + j}), then
 * the bias as the last row. Every product is one BLAS call over these arrays (see {@link Blas}).
 *
 * <p>The model itself is immutable and may be shared; the activations live in a {@link Workspace}, one per
 * thread, sized for the largest batch it will see, so a step allocates nothing.
 */
public final class Mlp {

    private final int[] sizes;

    /** @param sizes the width of every layer, inputs first and classes last; at least two */
    public Mlp(int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
    }

    /** The default network for 28x28 images in 10 classes: 784-256-10. */
    public static Mlp fashionMnist() {
        return new Mlp(784, 256, 10);
    }

    /** Number of weight layers (one less than the number of sizes). */
    public int layers() {
        return sizes.length - 1;
    }

    /** Width of activation {@code i}: {@code size(0)} is the input, {@code size(layers())} the classes. */
    public int size(int i) {
        return sizes[i];
    }

    public int inputs() {
        return sizes[0];
    }

    public int classes() {
        return sizes[sizes.length - 1];
    }

    /** Length of layer {@code l}'s parameter array: {@code (size(l) + 1) * size(l + 1)}. */
    public int parameterCount(int layer) {
        return (sizes[layer] + 1) * sizes[layer + 1];
    }

    /** Zeroed arrays in the parameter layout, e.g. for gradients. */
    public float[][] newParameters() {
        float[][] p = new float[layers()][];
        for (int l = 0; l < layers(); l++) {
            p[l] = new float[parameterCount(l)];
        }
        return p;
    }

    /**
     * He-normal weights (standard deviation {@code sqrt(2 / in)}, which keeps ReLU activations at a steady
     * scale through the layers) and zero biases, the same for the same seed.
     */
    public float[][] initialParameters(long seed) {
        Random random = new Random(seed);
        float[][] p = newParameters();
        for (int l = 0; l < layers(); l++) {
            double std = Math.sqrt(2.0 / sizes[l]);
            int weights = sizes[l] * sizes[l + 1];
            for (int i = 0; i < weights; i++) {
                p[l][i] = (float) (random.nextGaussian() * std);
            }
        }
        return p;
    }

    /** A workspace for batches of up to {@code maxBatch} rows. */
    public Workspace workspace(int maxBatch) {
        return new Workspace(this, maxBatch);
    }

    /**
     * Mean softmax cross-entropy of a batch and its gradient.
     *
     * @param x      {@code batch * inputs()} values, row-major: row {@code b} is sample {@code b}
     * @param labels class of each sample, in {@code [0, classes())}
     * @param params one array per layer, in the layout described on the class
     * @param grads  same shapes as {@code params}; overwritten with the gradient of the mean loss
     * @return the mean loss
     */
    public double lossAndGradient(float[] x, int[] labels, int batch, float[][] params, float[][] grads,
            Workspace ws) {
        return lossAndGradient(x, labels, batch, params, grads, ws, 1f);
    }

    /**
     * As {@link #lossAndGradient(float[], int[], int, float[][], float[][], Workspace)}, with the gradient
     * multiplied by {@code weight}: a data-parallel worker passes its share of the global batch times the number
     * of workers, so that the servers' average of the workers' gradients is the mean over the global batch even
     * when the workers' batches differ in size.
     */
    public double lossAndGradient(float[] x, int[] labels, int batch, float[][] params, float[][] grads,
            Workspace ws, float weight) {
        return lossAndGradient(x, labels, batch, params, grads, ws, weight, Pipeline.NONE);
    }

    /**
     * As {@link #lossAndGradient(float[], int[], int, float[][], float[][], Workspace, float)}, telling
     * {@code pipeline} before each block of parameters is first read and after each block of the gradient is
     * final, so that the caller can fetch the parameters and send the gradient block by block while the rest
     * is computed.
     */
    public double lossAndGradient(float[] x, int[] labels, int batch, float[][] params, float[][] grads,
            Workspace ws, float weight, Pipeline pipeline) {
        checkShapes(grads);
        forward(x, 0, batch, params, ws, pipeline);
        int last = layers();
        double loss = Softmax.crossEntropy(ws.act[last], sizes[last], labels, 0, batch, weight, ws.delta[last]);
        for (int l = last - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            if (l > 0) {
                // delta_l = (delta_{l+1} . W^T) masked by ReLU'(act_l), before this layer's gradient is sent
                Blas.gemmNT(batch, in, out, ws.delta[l + 1], 0, params[l], 0, ws.delta[l], 0, 0f);
                reluMask(ws.act[l], ws.delta[l], batch * in);
            }
            columnSums(ws.delta[l + 1], batch, out, grads[l], in * out);
            pipeline.biasGradientReady(l);
            // dW = act^T . delta, one block of rows at a time
            int rows = blockRows(pipeline, l);
            for (int r = 0, b = 0; r < in; r += rows, b++) {
                int n = Math.min(rows, in - r);
                Blas.gemmTN(n, out, batch, ws.act[l], r, in, ws.delta[l + 1], 0, grads[l], r * out, 0f);
                pipeline.weightGradientReady(l, b);
            }
        }
        return loss;
    }

    /**
     * Hooks that let parameters arrive, and gradients leave, in blocks of rows while a step computes: forward
     * multiplies block by block as each arrives, backward hands each gradient block over as soon as it is final.
     *
     * <pre>{@code
     * mlp.lossAndGradient(x, y, n, params, grads, ws, 1f, new Mlp.Pipeline() {
     *     public int blockRows(int layer) { return 196; }
     *     public void awaitWeights(int layer, int block) { pulls[layer][block].join(); }
     *     ...
     * });
     * }</pre>
     *
     * <p>Block {@code b} of layer {@code l} is weight rows {@code [b * blockRows(l), (b + 1) * blockRows(l))}
     * (fewer in the last one) of that layer's {@code [in][out]} weights; the bias is a block of its own.
     */
    public interface Pipeline {
        /** Everything is already there, and nothing is sent. */
        Pipeline NONE = new Pipeline() {
        };

        /** Rows per block of layer {@code layer}'s weights; the default, 0, means one block. */
        default int blockRows(int layer) {
            return 0;
        }

        /** Returns once layer {@code layer}'s bias is in place. */
        default void awaitBias(int layer) {
        }

        /** Returns once block {@code block} of layer {@code layer}'s weights is in place. */
        default void awaitWeights(int layer, int block) {
        }

        /** Layer {@code layer}'s bias gradient is final. */
        default void biasGradientReady(int layer) {
        }

        /** Block {@code block} of layer {@code layer}'s weight gradient is final. */
        default void weightGradientReady(int layer, int block) {
        }
    }

    private int blockRows(Pipeline pipeline, int layer) {
        int rows = pipeline.blockRows(layer);
        return rows <= 0 || rows > sizes[layer] ? sizes[layer] : rows;
    }

    /** Mean softmax cross-entropy of samples {@code from .. from + batch} of {@code x} and {@code labels}. */
    public double loss(float[] x, int[] labels, int from, int batch, float[][] params, Workspace ws) {
        forward(x, from * sizes[0], batch, params, ws, Pipeline.NONE);
        int last = layers();
        return Softmax.crossEntropy(ws.act[last], sizes[last], labels, from, batch, 1f, ws.delta[last]);
    }

    /** Fills {@code out[0 .. batch)} with the most likely class of each sample of {@code x}. */
    public void predict(float[] x, int batch, float[][] params, Workspace ws, int[] out) {
        forward(x, 0, batch, params, ws, Pipeline.NONE);
        argmax(ws.act[layers()], classes(), batch, out, 0);
    }

    /** Fraction of the first {@code count} samples classified correctly, in batches of the workspace's size. */
    public double accuracy(float[] x, int[] labels, int count, float[][] params, Workspace ws) {
        return evaluate(x, labels, count, params, ws).accuracy();
    }

    /** Mean loss and accuracy over the first {@code count} samples, in batches of the workspace's size. */
    public Evaluation evaluate(float[] x, int[] labels, int count, float[][] params, Workspace ws) {
        if (count == 0) {
            return new Evaluation(0, 0);
        }
        int[] predicted = new int[ws.maxBatch];
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < count; from += ws.maxBatch) {
            int n = Math.min(ws.maxBatch, count - from);
            lossSum += loss(x, labels, from, n, params, ws) * n;
            argmax(ws.act[layers()], classes(), n, predicted, 0);
            for (int i = 0; i < n; i++) {
                if (predicted[i] == labels[from + i]) {
                    correct++;
                }
            }
        }
        return new Evaluation(lossSum / count, (double) correct / count);
    }

    /**
     * Loss and accuracy over a data set.
     *
     * @param loss     mean cross-entropy
     * @param accuracy fraction classified correctly
     */
    public record Evaluation(double loss, double accuracy) {
    }

    private void forward(float[] x, int xOff, int batch, float[][] params, Workspace ws, Pipeline pipeline) {
        checkShapes(params);
        if (batch < 0 || batch > ws.maxBatch || ws.model != this) {
            throw new IllegalArgumentException("batch of " + batch + " does not fit " + ws);
        }
        if (xOff + (long) batch * sizes[0] > x.length) {
            throw new IllegalArgumentException(batch + " samples of " + sizes[0] + " values from offset " + xOff
                    + " do not fit an input of " + x.length);
        }
        System.arraycopy(x, xOff, ws.act[0], 0, batch * sizes[0]);
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] z = ws.act[l + 1];
            pipeline.awaitBias(l);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(params[l], in * out, z, b * out, out);   // start from the bias
            }
            // z += act . W, one block of W's rows (and of act's columns) at a time
            int rows = blockRows(pipeline, l);
            for (int r = 0, blk = 0; r < in; r += rows, blk++) {
                pipeline.awaitWeights(l, blk);
                Blas.gemm(batch, out, Math.min(rows, in - r), ws.act[l], r, in, params[l], r * out, z, 0, 1f);
            }
            if (l < layers() - 1) {
                relu(z, batch * out);
            }
        }
    }

    private static void relu(float[] z, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = Math.max(z[i], 0f);
        }
    }

    /** ReLU's derivative is 1 where its output is positive, else 0. */
    private static void reluMask(float[] act, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            delta[i] = act[i] > 0 ? delta[i] : 0f;
        }
    }

    private static void columnSums(float[] m, int rows, int cols, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += m[r * cols + c];
            }
        }
    }

    private static void argmax(float[] logits, int classes, int batch, int[] out, int outOff) {
        for (int b = 0; b < batch; b++) {
            out[outOff + b] = Softmax.argmax(logits, b * classes, classes);
        }
    }

    private void checkShapes(float[][] params) {
        if (params.length != layers()) {
            throw new IllegalArgumentException(layers() + " layers need " + layers() + " arrays, got "
                    + params.length);
        }
        for (int l = 0; l < layers(); l++) {
            if (params[l].length != parameterCount(l)) {
                throw new IllegalArgumentException("layer " + l + " needs " + parameterCount(l)
                        + " values, got " + params[l].length);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Mlp[");
        for (int i = 0; i < sizes.length; i++) {
            s.append(i == 0 ? "" : "-").append(sizes[i]);
        }
        return s.append(']').toString();
    }

    /**
     * Activations and back-propagated gradients of one {@link Mlp} for batches up to a maximum size.
     *
     * <pre>{@code
     * Mlp.Workspace ws = mlp.workspace(64);
     * mlp.lossAndGradient(x, labels, n, params, grads, ws);   // any n <= 64
     * }</pre>
     *
     * <p>Each activation is one row-major {@code [batch][width]} array, the shape BLAS takes. Not thread-safe:
     * give each thread its own.
     */
    public static final class Workspace {

        private final Mlp model;
        private final int maxBatch;
        /** {@code act[l]}: the batch's output of layer {@code l - 1}; {@code act[0]} holds the input. */
        private final float[][] act;
        /** {@code delta[l]}: gradient of the loss with respect to layer {@code l - 1}'s pre-activation. */
        private final float[][] delta;

        private Workspace(Mlp model, int maxBatch) {
            if (maxBatch <= 0) {
                throw new IllegalArgumentException("maximum batch must be positive, got " + maxBatch);
            }
            this.model = model;
            this.maxBatch = maxBatch;
            int[] sizes = model.sizes;
            this.act = new float[sizes.length][];
            this.delta = new float[sizes.length][];
            for (int l = 0; l < sizes.length; l++) {
                // one row of slack: netlib checks that a block of columns starting past 0 fits with a whole last
                // row, although BLAS only reads the block's part of it
                act[l] = new float[(maxBatch + 1) * sizes[l]];
                delta[l] = l == 0 ? null : new float[maxBatch * sizes[l]];
            }
        }

        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public String toString() {
            return "Workspace[" + model + ", batch <= " + maxBatch + "]";
        }
    }
}
