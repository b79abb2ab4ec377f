package dev.shoal.ml.train;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.data.IdxImages;
import dev.shoal.ml.data.Shards;
import dev.shoal.ml.model.Mlp;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The MLP trained through dense tables: each layer's weights and biases are two tables, pulled whole before a
 * step and pushed whole after it.
 *
 * <pre>{@code
 * MlpModel model = MlpModel.create(ps, job, worker, workers, StepPacing.REAL);
 * double loss = model.step(ids, n, weight);
 * }</pre>
 *
 * <p>Layer {@code l} lives in tables {@code mlp.l<l>.w} ({@code [in][out]}, He-normal: standard deviation
 * {@code sqrt(2 / in)}) and {@code mlp.l<l>.b} ({@code [out]}, zeros), both with the job's optimizer and
 * consistency. Locally a layer is the one array {@link Mlp} expects, weights then bias, and each table is pulled
 * straight into its part of it.
 *
 * <p>A step is pipelined: a large weight table is cut into {@value #BLOCKS} blocks of rows, each its own slice on
 * the servers; all pulls are sent at once and the forward pass multiplies each block as soon as it arrives, and
 * the backward pass pushes each block of the gradient as soon as it is computed. The worker computes while the
 * network and the servers move the other blocks, instead of waiting for the whole model each way.
 */
public final class MlpModel implements WorkerModel {
    private static final int EVAL_BATCH = 1000;
    /** Blocks a large layer is pipelined in; more blocks overlap more but cost a request each. */
    static final int BLOCKS = 4;
    /** Layers smaller than this many bytes travel whole: their transfer is shorter than a request's overhead. */
    private static final long MIN_PIPELINED_BYTES = 256 << 10;

    private final Mlp mlp;
    private final DenseTable[] weights;
    private final DenseTable[] biases;
    private final float[][] params;
    /**
     * Two gradient buffers used in turn, so a step never waits for the previous step's pushes to be acknowledged:
     * a push reads its buffer until then, and it is the step after next that writes that buffer again.
     */
    private final float[][][] gradBuffers;
    private float[][] grads;
    /** All zeros, never written: what a calibrated step pushes. */
    private float[][] zeros;
    private final StepPacing pacing;
    private final Mlp.Workspace ws;
    private final float[] shardX;
    private final int[] shardY;
    private final float[] batchX;
    private final int[] batchY;
    private final Path dataDir;
    private final int trainSamples;
    /** Rows per pipelined block of each layer's weights, 0 for a layer that travels whole. */
    private final int[] blockRows;
    private final CompletableFuture<?>[][] weightPulls;
    private final CompletableFuture<?>[] biasPulls;
    private final java.util.List<CompletableFuture<?>> pushList = new java.util.ArrayList<>();
    private final Transfers transfers = new Transfers();
    private CompletableFuture<Void> pushes = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> previousPushes = CompletableFuture.completedFuture(null);
    private float[] testX;
    private int[] testY;
    private Mlp.Workspace evalWs;
    private long pushed;
    private long pulled;

    private MlpModel(Mlp mlp, DenseTable[] weights, DenseTable[] biases, FashionMnist.Split train, int from, int to,
            int maxBatch, Path dataDir, StepPacing pacing) {
        this.mlp = mlp;
        this.pacing = pacing;
        this.weights = weights;
        this.biases = biases;
        this.params = mlp.newParameters();
        this.gradBuffers = new float[][][] {mlp.newParameters(), mlp.newParameters()};
        this.grads = gradBuffers[0];
        this.ws = mlp.workspace(maxBatch);
        this.dataDir = dataDir;
        this.trainSamples = train.images().count();
        this.shardX = unitFloats(train.images(), from, to);
        this.shardY = java.util.Arrays.copyOfRange(train.labels(), from, to);
        this.batchX = new float[maxBatch * mlp.inputs()];
        this.batchY = new int[maxBatch];
        this.blockRows = new int[mlp.layers()];
        this.weightPulls = new CompletableFuture<?>[mlp.layers()][];
        this.biasPulls = new CompletableFuture<?>[mlp.layers()];
        for (int l = 0; l < mlp.layers(); l++) {
            blockRows[l] = blockRows(mlp, l);
            int rows = blockRows[l] == 0 ? mlp.size(l) : blockRows[l];
            weightPulls[l] = new CompletableFuture<?>[(mlp.size(l) + rows - 1) / rows];
        }
    }

    /** Rows per block for layer {@code l}, 0 when it is too small to pipeline. */
    static int blockRows(Mlp mlp, int l) {
        long bytes = 4L * mlp.size(l) * mlp.size(l + 1);
        return bytes < MIN_PIPELINED_BYTES ? 0 : (mlp.size(l) + BLOCKS - 1) / BLOCKS;
    }

    /** Creates (or opens) the job's tables and reads this worker's shard of the training set. */
    public static MlpModel create(ShoalClient ps, JobConfig job, int worker, int workers, StepPacing pacing)
            throws IOException {
        int maxBatch = (job.batch() + workers - 1) / workers;
        FashionMnist.Split train = FashionMnist.train(job.data());
        Mlp mlp = network(job, train.images().imageSize());
        DenseTable[] w = new DenseTable[mlp.layers()];
        DenseTable[] b = new DenseTable[mlp.layers()];
        for (int l = 0; l < mlp.layers(); l++) {
            int in = mlp.size(l);
            int out = mlp.size(l + 1);
            float std = (float) Math.sqrt(2.0 / in);
            int rows = blockRows(mlp, l);
            TableSpec spec = TableSpec.dense("mlp.l" + l + ".w", in, out)
                    .initializer(InitializerSpec.normal(0f, std, job.seed() + l))
                    .optimizer(job.optimizer()).consistency(job.consistency());
            // one slice per pipelined block, so that each block is one request to one server
            w[l] = ps.dense(rows == 0 ? spec : spec.maxSliceBytes(4 * rows * out));
            b[l] = ps.dense(TableSpec.dense("mlp.l" + l + ".b", out)
                    .initializer(InitializerSpec.zeros())
                    .optimizer(job.optimizer()).consistency(job.consistency()));
        }
        int n = train.images().count();
        return new MlpModel(mlp, w, b, train, Shards.start(n, worker, workers), Shards.end(n, worker, workers),
                maxBatch, job.data(), pacing);
    }

    /** The job's network: the images' pixels in, the hidden widths, ten classes out. */
    public static Mlp network(JobConfig job, int inputs) {
        int[] hidden = job.hidden();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 10;
        return new Mlp(sizes);
    }

    @Override
    public int trainSamples() {
        return trainSamples;
    }

    @Override
    public int shardSize() {
        return shardY.length;
    }

    @Override
    public int[] shard() {
        return Shards.shard(shardY.length, 0, 1);
    }

    @Override
    public double step(int[] ids, int n, float weight) {
        previousPushes.join();   // they read the buffer this step writes
        grads = grads == gradBuffers[0] ? gradBuffers[1] : gradBuffers[0];
        startPulls();
        pushList.clear();
        double loss = pacing.isCalibrated() ? emulatedStep() : computedStep(ids, n, weight);
        previousPushes = pushes;
        pushes = CompletableFuture.allOf(pushList.toArray(CompletableFuture<?>[]::new));
        return loss;
    }

    private double computedStep(int[] ids, int n, float weight) {
        int inputs = mlp.inputs();
        for (int i = 0; i < n; i++) {
            System.arraycopy(shardX, ids[i] * inputs, batchX, i * inputs, inputs);
            batchY[i] = shardY[ids[i]];
        }
        pacing.beforeCompute();
        transfers.awaitedNanos = 0;
        long t0 = System.nanoTime();
        double loss = mlp.lossAndGradient(batchX, batchY, n, params, grads, ws, weight, transfers);
        pacing.computed(System.nanoTime() - t0 - transfers.awaitedNanos);
        return loss;
    }

    /**
     * A calibrated step: the same pulls and pushes as a real one, with a wait in place of the forward and backward
     * pass, and zeros for the gradient (the servers still apply it, so their work is real too).
     */
    private double emulatedStep() {
        if (zeros == null) {
            zeros = mlp.newParameters();
        }
        for (int l = 0; l < mlp.layers(); l++) {
            transfers.awaitBias(l);
            for (int b = 0; b < weightPulls[l].length; b++) {
                transfers.awaitWeights(l, b);
            }
        }
        pacing.beforeCompute();
        pacing.emulateCompute();
        float[][] real = grads;
        grads = zeros;
        for (int l = mlp.layers() - 1; l >= 0; l--) {
            for (int b = weightPulls[l].length - 1; b >= 0; b--) {
                transfers.weightGradientReady(l, b);
            }
            transfers.biasGradientReady(l);
        }
        grads = real;
        return Double.NaN;
    }

    /** Sends every pull of the step, in the order the forward pass needs them: layer by layer, bias first. */
    private void startPulls() {
        for (int l = 0; l < mlp.layers(); l++) {
            int out = mlp.size(l + 1);
            int in = mlp.size(l);
            biasPulls[l] = biases[l].pullAsync(0, params[l], in * out, out);
            int rows = rows(l);
            for (int b = 0; b < weightPulls[l].length; b++) {
                int count = Math.min(rows, in - b * rows) * out;
                weightPulls[l][b] = weights[l].pullAsync((long) b * rows * out, params[l], b * rows * out, count);
            }
            pulled += 4L * params[l].length;
        }
    }

    /** Connects {@link Mlp}'s pipeline hooks to this step's pulls and pushes. */
    private final class Transfers implements Mlp.Pipeline {
        /** Time the step's compute spent waiting for pulls, which is not compute. */
        long awaitedNanos;

        @Override
        public int blockRows(int layer) {
            return blockRows[layer];
        }

        @Override
        public void awaitBias(int layer) {
            await(biasPulls[layer]);
        }

        @Override
        public void awaitWeights(int layer, int block) {
            await(weightPulls[layer][block]);
        }

        private void await(CompletableFuture<?> pull) {
            if (!pull.isDone()) {
                long t0 = System.nanoTime();
                pull.join();
                awaitedNanos += System.nanoTime() - t0;
            }
            pull.join();   // rethrows its failure
        }

        @Override
        public void biasGradientReady(int layer) {
            int out = mlp.size(layer + 1);
            pushList.add(biases[layer].pushAsync(0, grads[layer], mlp.size(layer) * out, out));
            pushed += 4L * out;
        }

        @Override
        public void weightGradientReady(int layer, int block) {
            int out = mlp.size(layer + 1);
            int rows = rows(layer);
            int count = Math.min(rows, mlp.size(layer) - block * rows) * out;
            pushList.add(weights[layer].pushAsync((long) block * rows * out, grads[layer], block * rows * out, count));
            pushed += 4L * count;
        }
    }

    private int rows(int layer) {
        return blockRows[layer] == 0 ? mlp.size(layer) : blockRows[layer];
    }

    @Override
    public void flush() {
        previousPushes.join();
        pushes.join();
    }

    @Override
    public Score evaluate() {
        loadTestSet();
        pullAll();
        Mlp.Evaluation e = mlp.evaluate(testX, testY, testY.length, params, evalWs);
        return new Score(e.loss(), e.accuracy());
    }

    @Override
    public long bytesPushed() {
        return pushed;
    }

    @Override
    public long bytesPulled() {
        return pulled;
    }

    @Override
    public void save(Path file) throws IOException {
        pullAll();
        ModelFile.write(file, "mlp", params);
    }

    /**
     * Pulls every table into {@link #params}, for an evaluation or the saved model. Pushes in flight are waited
     * for first, so that their failure surfaces here; the pull could not overtake them anyway, since a server
     * answers a connection's requests in order.
     */
    private void pullAll() {
        flush();
        startPulls();
        for (int l = 0; l < mlp.layers(); l++) {
            biasPulls[l].join();
            CompletableFuture.allOf(weightPulls[l]).join();
        }
    }

    private void loadTestSet() {
        if (testX != null) {
            return;
        }
        try {
            FashionMnist.Split test = FashionMnist.test(dataDir);
            testX = test.images().toUnitFloats();
            testY = test.labels();
            evalWs = mlp.workspace(EVAL_BATCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] unitFloats(IdxImages images, int from, int to) {
        int size = images.imageSize();
        byte[] pixels = images.pixels();
        float[] out = new float[(to - from) * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[from * size + i] & 0xff) / 255f;
        }
        return out;
    }
}
