package dev.shoal.ml.train;

import dev.shoal.client.ShoalClient;
import dev.shoal.client.SparseTable;
import dev.shoal.ml.data.FeatureHasher;
import dev.shoal.ml.data.Shards;
import dev.shoal.ml.data.SpamAssassinReader;
import dev.shoal.ml.data.SparseDataset;
import dev.shoal.ml.model.SparseBatch;
import dev.shoal.ml.model.SparseLogisticRegression;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Logistic regression on hashed features trained through one sparse table: a step pulls the weights of only the
 * features its batch touches and pushes only their gradients.
 *
 * <pre>{@code
 * SparseLrModel model = SparseLrModel.create(ps, job, worker, workers, StepPacing.REAL);
 * double loss = model.step(ids, n, weight);
 * }</pre>
 *
 * <p>Table {@code lr.w} has one float per key, zeros at first; keys {@code 0 .. 2^hashBits} are the hashed
 * features and key {@code 2^hashBits}, past them all, is the bias, so a step is one pull and one push. Every
 * worker reads the whole corpus (the split is decided per message, so reading is the only way to know which
 * messages are training ones) and keeps its shard of the training rows.
 */
public final class SparseLrModel implements WorkerModel {

    private final SparseTable table;
    private final SparseLogisticRegression lr;
    private final SparseDataset train;
    private final SparseDataset test;
    private final int shardStart;
    private final int shardSize;
    private final long biasKey;
    private final SparseBatch batch = new SparseBatch();
    private final StepPacing pacing;
    private int[] rows = new int[0];
    /** The test set's features and the bias key, found at the first evaluation. */
    private long[] testKeys;
    /** The last step's push: not waited for by the step, since the next pull is answered after it anyway. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private long pushed;
    private long pulled;

    private SparseLrModel(SparseTable table, JobConfig job, SpamAssassinReader.Corpus corpus, int worker,
            int workers, StepPacing pacing) {
        this.table = table;
        this.pacing = pacing;
        this.lr = new SparseLogisticRegression(job.l2());
        this.train = corpus.train();
        this.test = corpus.test();
        this.shardStart = Shards.start(train.rows(), worker, workers);
        this.shardSize = Shards.end(train.rows(), worker, workers) - shardStart;
        this.biasKey = 1L << job.hashBits();
    }

    /** Reads the corpus and creates (or opens) the job's table. */
    public static SparseLrModel create(ShoalClient ps, JobConfig job, int worker, int workers, StepPacing pacing)
            throws IOException {
        SpamAssassinReader.Corpus corpus = new SpamAssassinReader(new FeatureHasher(1 << job.hashBits()))
                .read(job.data());
        if (corpus.train().rows() == 0 || corpus.test().rows() == 0) {
            throw new IOException(job.data() + ": no spam or ham messages found (" + corpus.train().rows()
                    + " training, " + corpus.test().rows() + " test); install the corpus with "
                    + "scripts/install-spam-assassin.sh");
        }
        SparseTable table = ps.sparse(TableSpec.sparse("lr.w", 1).initializer(InitializerSpec.zeros())
                .optimizer(job.optimizer()).consistency(job.consistency()));
        return new SparseLrModel(table, job, corpus, worker, workers, pacing);
    }

    @Override
    public int trainSamples() {
        return train.rows();
    }

    @Override
    public int shardSize() {
        return shardSize;
    }

    @Override
    public int[] shard() {
        return Shards.shard(shardSize, 0, 1);
    }

    @Override
    public double step(int[] ids, int n, float weight) {
        if (rows.length < n) {
            rows = new int[n];
        }
        for (int i = 0; i < n; i++) {
            rows[i] = shardStart + ids[i];
        }
        batch.fill(train, rows, 0, n);
        long[] keys = Arrays.copyOf(batch.keys(), batch.keyCount() + 1);
        keys[batch.keyCount()] = biasKey;
        float[] w = new float[keys.length];
        table.pull(keys, w);
        float[] g = new float[keys.length];
        double loss = compute(w, g, weight);
        pending.join();   // at most one push in flight, and its failure surfaces here
        pending = table.pushAsync(keys, g);
        pulled += 12L * keys.length;
        pushed += 12L * keys.length;
        return loss;
    }

    /** The batch's loss and gradient, or, for a calibrated worker, a wait and a zero gradient. */
    private double compute(float[] w, float[] g, float weight) {
        pacing.beforeCompute();
        if (pacing.isCalibrated()) {
            pacing.emulateCompute();
            return Double.NaN;
        }
        long t0 = System.nanoTime();
        double loss = lr.lossAndGradient(batch, w, g);
        for (int i = 0; i < g.length; i++) {
            g[i] *= weight;
        }
        pacing.computed(System.nanoTime() - t0);
        return loss;
    }

    @Override
    public void flush() {
        pending.join();
    }

    @Override
    public Score evaluate() {
        flush();
        if (testKeys == null) {
            testKeys = usedKeys(test);   // the same every evaluation
        }
        float[] weights = pullWeights(testKeys);
        float bias = weights[(int) biasKey];
        return new Score(SparseLogisticRegression.loss(test, weights, bias),
                SparseLogisticRegression.accuracy(test, weights, bias));
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
        flush();
        float[] weights = pullWeights(usedKeys(train, test));
        ModelFile.write(file, "sparse-lr", weights);
    }

    /** Every feature the data sets use, ascending, then the bias key. */
    private long[] usedKeys(SparseDataset... sets) {
        boolean[] used = new boolean[(int) biasKey];
        int count = 1;
        for (SparseDataset set : sets) {
            for (int i = 0; i < set.nonZeros(); i++) {
                int f = set.index(i);
                if (!used[f]) {
                    used[f] = true;
                    count++;
                }
            }
        }
        long[] keys = new long[count];
        int k = 0;
        for (int f = 0; f < biasKey; f++) {
            if (used[f]) {
                keys[k++] = f;
            }
        }
        keys[k] = biasKey;
        return keys;
    }

    /**
     * Pulls the weights of {@code keys} into an array indexed by feature with the bias at {@code 2^hashBits};
     * other features stay zero.
     */
    private float[] pullWeights(long[] keys) {
        float[] values = new float[keys.length];
        table.pull(keys, values);
        pulled += 12L * keys.length;
        float[] weights = new float[(int) biasKey + 1];
        for (int i = 0; i < keys.length; i++) {
            weights[(int) keys[i]] = values[i];
        }
        return weights;
    }
}
