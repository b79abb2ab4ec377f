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
 * MlpModel model = MlpModel.create(ps, job, worker, workers);
 * double loss = model.step(ids, n, weight);
 * }</pre>
 *
 * <p>Layer {@code l} lives in tables {@code mlp.l<l>.w} ({@code [in][out]}, He-normal: standard deviation
 * {@code sqrt(2 / in)}) and {@code mlp.l<l>.b} ({@code [out]}, zeros), both with the job's optimizer and
 * consistency. Locally a layer is the one array {@link Mlp} expects, weights then bias, and each table is pulled
 * straight into its part of it; all four transfers of a step are in flight at once.
 */
public final class MlpModel implements WorkerModel {
    private static final int EVAL_BATCH = 1000;

    private final Mlp mlp;
    private final DenseTable[] weights;
    private final DenseTable[] biases;
    private final float[][] params;
    private final float[][] grads;
    private final Mlp.Workspace ws;
    private final float[] shardX;
    private final int[] shardY;
    private final float[] batchX;
    private final int[] batchY;
    private final Path dataDir;
    private final int trainSamples;
    private final CompletableFuture<?>[] inFlight;
    private CompletableFuture<Void> pushes = CompletableFuture.completedFuture(null);
    private float[] testX;
    private int[] testY;
    private Mlp.Workspace evalWs;
    private long pushed;
    private long pulled;

    private MlpModel(Mlp mlp, DenseTable[] weights, DenseTable[] biases, FashionMnist.Split train, int from, int to,
            int maxBatch, Path dataDir) {
        this.mlp = mlp;
        this.weights = weights;
        this.biases = biases;
        this.params = mlp.newParameters();
        this.grads = mlp.newParameters();
        this.ws = mlp.workspace(maxBatch);
        this.dataDir = dataDir;
        this.trainSamples = train.images().count();
        this.shardX = unitFloats(train.images(), from, to);
        this.shardY = java.util.Arrays.copyOfRange(train.labels(), from, to);
        this.batchX = new float[maxBatch * mlp.inputs()];
        this.batchY = new int[maxBatch];
        this.inFlight = new CompletableFuture<?>[2 * mlp.layers()];
    }

    /** Creates (or opens) the job's tables and reads this worker's shard of the training set. */
    public static MlpModel create(ShoalClient ps, JobConfig job, int worker, int workers) throws IOException {
        int maxBatch = (job.batch() + workers - 1) / workers;
        FashionMnist.Split train = FashionMnist.train(job.data());
        Mlp mlp = network(job, train.images().imageSize());
        DenseTable[] w = new DenseTable[mlp.layers()];
        DenseTable[] b = new DenseTable[mlp.layers()];
        for (int l = 0; l < mlp.layers(); l++) {
            int in = mlp.size(l);
            int out = mlp.size(l + 1);
            float std = (float) Math.sqrt(2.0 / in);
            w[l] = ps.dense(TableSpec.dense("mlp.l" + l + ".w", in, out)
                    .initializer(InitializerSpec.normal(0f, std, job.seed() + l))
                    .optimizer(job.optimizer()).consistency(job.consistency()));
            b[l] = ps.dense(TableSpec.dense("mlp.l" + l + ".b", out)
                    .initializer(InitializerSpec.zeros())
                    .optimizer(job.optimizer()).consistency(job.consistency()));
        }
        int n = train.images().count();
        return new MlpModel(mlp, w, b, train, Shards.start(n, worker, workers), Shards.end(n, worker, workers),
                maxBatch, job.data());
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
        pullAll();
        int inputs = mlp.inputs();
        for (int i = 0; i < n; i++) {
            System.arraycopy(shardX, ids[i] * inputs, batchX, i * inputs, inputs);
            batchY[i] = shardY[ids[i]];
        }
        double loss = mlp.lossAndGradient(batchX, batchY, n, params, grads, ws, weight);
        pushAll();
        return loss;
    }

    @Override
    public void flush() {
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

    /** The parameters as last pulled, one array per layer in {@link Mlp}'s layout. */
    float[][] parameters() {
        return params;
    }

    /**
     * Pulls every table into {@link #params}. The previous step's pushes are waited for first: they read from
     * {@link #grads}, which the coming step overwrites, and the server answers a connection's requests in order,
     * so the pull cannot overtake them anyway.
     */
    private void pullAll() {
        flush();
        for (int l = 0; l < mlp.layers(); l++) {
            int w = mlp.size(l) * mlp.size(l + 1);
            inFlight[2 * l] = weights[l].pullAsync(0, params[l], 0, w);
            inFlight[2 * l + 1] = biases[l].pullAsync(0, params[l], w, mlp.size(l + 1));
            pulled += 4L * params[l].length;
        }
        CompletableFuture.allOf(inFlight).join();
    }

    private void pushAll() {
        for (int l = 0; l < mlp.layers(); l++) {
            int w = mlp.size(l) * mlp.size(l + 1);
            inFlight[2 * l] = weights[l].pushAsync(0, grads[l], 0, w);
            inFlight[2 * l + 1] = biases[l].pushAsync(0, grads[l], w, mlp.size(l + 1));
            pushed += 4L * grads[l].length;
        }
        pushes = CompletableFuture.allOf(inFlight);
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
