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
 * the bias as the last row. Input-major order makes the forward pass and the weight gradient loops over
 * contiguous rows of outputs, which the JIT vectorizes.
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
        checkShapes(grads);
        double loss = forwardLoss(x, 0, labels, 0, batch, params, ws);
        for (int l = layers() - 1; l >= 0; l--) {
            Dense.weightGradient(ws.act[l], ws.delta[l + 1], batch, ws.grads[l]);
            Dense.store(ws.grads[l], grads[l]);
            if (l > 0) {
                Dense.reluInputGradient(ws.delta[l + 1], ws.weights[l], ws.act[l], batch, ws.delta[l]);
            }
        }
        return loss;
    }

    /** Mean softmax cross-entropy of samples {@code from .. from + batch} of {@code x} and {@code labels}. */
    public double loss(float[] x, int[] labels, int from, int batch, float[][] params, Workspace ws) {
        return forwardLoss(x, from * sizes[0], labels, from, batch, params, ws);
    }

    /** Fills {@code out[0 .. batch)} with the most likely class of each sample of {@code x}. */
    public void predict(float[] x, int batch, float[][] params, Workspace ws, int[] out) {
        forward(x, 0, batch, params, ws);
        argmax(ws.act[layers()], batch, out, 0);
    }

    /** Fraction of the first {@code count} samples classified correctly, in batches of the workspace's size. */
    public double accuracy(float[] x, int[] labels, int count, float[][] params, Workspace ws) {
        if (count == 0) {
            return 0;
        }
        int[] predicted = new int[count];
        for (int from = 0; from < count; from += ws.maxBatch) {
            int n = Math.min(ws.maxBatch, count - from);
            forward(x, from * sizes[0], n, params, ws);
            argmax(ws.act[layers()], n, predicted, from);
        }
        int correct = 0;
        for (int i = 0; i < count; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / count;
    }

    /** Runs the forward pass and leaves {@code dLoss/dLogits} of the mean loss in the last delta. */
    private double forwardLoss(float[] x, int xOff, int[] labels, int from, int batch, float[][] params,
            Workspace ws) {
        forward(x, xOff, batch, params, ws);
        return Softmax.crossEntropy(ws.act[layers()], labels, from, batch, ws.delta[layers()]);
    }

    private void forward(float[] x, int xOff, int batch, float[][] params, Workspace ws) {
        checkShapes(params);
        if (batch < 0 || batch > ws.maxBatch || ws.model != this) {
            throw new IllegalArgumentException("batch of " + batch + " does not fit " + ws);
        }
        if (xOff + (long) batch * sizes[0] > x.length) {
            throw new IllegalArgumentException(batch + " samples of " + sizes[0] + " values from offset " + xOff
                    + " do not fit an input of " + x.length);
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, xOff + b * sizes[0], ws.act[0][b], 0, sizes[0]);
        }
        for (int l = 0; l < layers(); l++) {
            Dense.load(params[l], ws.weights[l]);
            Dense.affine(ws.act[l], batch, ws.weights[l], ws.act[l + 1]);
            if (l < layers() - 1) {
                Dense.relu(ws.act[l + 1], batch);
            }
        }
    }

    private static void argmax(float[][] logits, int batch, int[] out, int outOff) {
        for (int b = 0; b < batch; b++) {
            out[outOff + b] = Softmax.argmax(logits[b]);
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
     * <p>It also holds each layer's parameters and gradients split into rows, copied from and to the flat
     * arrays on every call (under a tenth of a millisecond for 784-256-10), because the kernels are only
     * vectorized over separate row arrays (see {@link Dense}). Not thread-safe: give each thread its own.
     */
    public static final class Workspace {

        private final Mlp model;
        private final int maxBatch;
        /** {@code act[l][b]}: sample {@code b}'s output of layer {@code l - 1}; {@code act[0]} holds the input. */
        private final float[][][] act;
        /** {@code delta[l][b]}: gradient of the loss with respect to layer {@code l - 1}'s pre-activation. */
        private final float[][][] delta;
        /** {@code weights[l][i]}: row {@code i} of layer {@code l}'s parameters, the bias last. */
        private final float[][][] weights;
        /** {@code grads[l][i]}: the same rows of layer {@code l}'s gradient. */
        private final float[][][] grads;

        private Workspace(Mlp model, int maxBatch) {
            if (maxBatch <= 0) {
                throw new IllegalArgumentException("maximum batch must be positive, got " + maxBatch);
            }
            this.model = model;
            this.maxBatch = maxBatch;
            int[] sizes = model.sizes;
            this.act = new float[sizes.length][][];
            this.delta = new float[sizes.length][][];
            this.weights = new float[sizes.length - 1][][];
            this.grads = new float[sizes.length - 1][][];
            for (int l = 0; l < sizes.length; l++) {
                act[l] = new float[maxBatch][sizes[l]];
                delta[l] = l == 0 ? null : new float[maxBatch][sizes[l]];
                if (l < sizes.length - 1) {
                    weights[l] = new float[sizes[l] + 1][sizes[l + 1]];
                    grads[l] = new float[sizes[l] + 1][sizes[l + 1]];
                }
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
