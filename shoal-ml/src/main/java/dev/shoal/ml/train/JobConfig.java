package dev.shoal.ml.train;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One training job: which model, on which data, with which update rule; the same for every worker.
 *
 * <pre>{@code
 * JobConfig job = JobConfig.defaults(ModelKind.MLP)
 *         .withEpochs(3)
 *         .withConsistency(Consistency.ssp(2));
 * }</pre>
 *
 * <p>{@code batch} is the number of samples per step summed over all workers, so a job converges the same way
 * whatever the number of workers: with W workers each computes on about {@code batch / W} samples.
 *
 * @param model          which model to train
 * @param data           the data set's directory (the IDX files, or the tree of raw messages)
 * @param epochs         passes over the training set
 * @param batch          samples per step over all workers
 * @param optimizer      the servers' update rule and its hyper-parameters
 * @param consistency    BSP, SSP(s) or ASP for every table of the job
 * @param seed           seed of the initial parameters and of every epoch's shuffle
 * @param evalEvery      evaluate on the test set every this many steps (0: only at the end of each epoch)
 * @param targetAccuracy test accuracy whose first crossing is reported as "time to target" (0: none)
 * @param maxSteps       stop after this many steps even within an epoch (0: no limit)
 * @param hidden         MLP hidden layer widths
 * @param hashBits       sparse LR: features are hashed into {@code 2^hashBits} buckets
 * @param l2             sparse LR: L2 penalty added to the loss by the workers (the optimizer may add its own)
 * @param out            directory where worker 0 writes the run's metrics and model
 */
public record JobConfig(ModelKind model, Path data, int epochs, int batch, OptimizerSpec optimizer,
        Consistency consistency, long seed, int evalEvery, double targetAccuracy, int maxSteps, int[] hidden,
        int hashBits, float l2, Path out) {

    public JobConfig {
        require(model != null, "model is missing");
        require(data != null, "data directory is missing");
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batch >= 1, "batch must be at least 1, got " + batch);
        require(optimizer != null, "optimizer is missing");
        require(consistency != null, "consistency is missing");
        require(evalEvery >= 0, "eval-every must be >= 0, got " + evalEvery);
        require(targetAccuracy >= 0 && targetAccuracy <= 1, "target-accuracy must be in [0, 1], got " + targetAccuracy);
        require(maxSteps >= 0, "max-steps must be >= 0, got " + maxSteps);
        require(hidden != null && Arrays.stream(hidden).allMatch(h -> h > 0),
                "hidden layer widths must be positive, got " + Arrays.toString(hidden));
        require(hashBits >= 10 && hashBits <= 30, "hash-bits must be in [10, 30], got " + hashBits);
        require(l2 >= 0 && Float.isFinite(l2), "l2 must be finite and >= 0, got " + l2);
        require(out != null, "output directory is missing");
        hidden = hidden.clone();
    }

    /** What each model trains well with on its usual data set, as documented in {@code examples/}. */
    public static JobConfig defaults(ModelKind model) {
        return switch (model) {
            case MLP -> new JobConfig(model, Path.of("/usr/share/datasets/fashion-mnist"), 3, 64,
                    OptimizerSpec.sgd(0.1f), Consistency.bsp(), 42, 100, 0.85, 0, new int[] {256}, 20, 0f,
                    Path.of("runs", "train"));
            case SPARSE_LR -> new JobConfig(model, DataPaths.spamAssassin(), 5, 8,
                    OptimizerSpec.ftrl(30f, 0.1f, 0f, 0f), Consistency.bsp(), 42, 0, 0.987, 0, new int[] {256}, 20,
                    0f, Path.of("runs", "train"));
        };
    }

    public JobConfig withModel(ModelKind v) {
        return new JobConfig(v, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withData(Path v) {
        return new JobConfig(model, v, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withEpochs(int v) {
        return new JobConfig(model, data, v, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withBatch(int v) {
        return new JobConfig(model, data, epochs, v, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withOptimizer(OptimizerSpec v) {
        return new JobConfig(model, data, epochs, batch, v, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withConsistency(Consistency v) {
        return new JobConfig(model, data, epochs, batch, optimizer, v, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withSeed(long v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, v, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withEvalEvery(int v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, v, targetAccuracy,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withTargetAccuracy(double v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, v,
                maxSteps, hidden, hashBits, l2, out);
    }

    public JobConfig withMaxSteps(int v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                v, hidden, hashBits, l2, out);
    }

    public JobConfig withHidden(int... v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, v, hashBits, l2, out);
    }

    public JobConfig withHashBits(int v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, v, l2, out);
    }

    public JobConfig withL2(float v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, v, out);
    }

    public JobConfig withOut(Path v) {
        return new JobConfig(model, data, epochs, batch, optimizer, consistency, seed, evalEvery, targetAccuracy,
                maxSteps, hidden, hashBits, l2, v);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobConfig j && model == j.model && data.equals(j.data) && epochs == j.epochs
                && batch == j.batch && optimizer.equals(j.optimizer) && consistency.equals(j.consistency)
                && seed == j.seed && evalEvery == j.evalEvery && targetAccuracy == j.targetAccuracy
                && maxSteps == j.maxSteps && Arrays.equals(hidden, j.hidden) && hashBits == j.hashBits
                && l2 == j.l2 && out.equals(j.out);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {model, data, epochs, batch, optimizer, consistency, seed, evalEvery,
            targetAccuracy, maxSteps, Arrays.hashCode(hidden), hashBits, l2, out});
    }

    @Override
    public String toString() {
        return model.id() + " on " + data + ": " + epochs + " epoch(s), batch " + batch + ", "
                + OptimizerText.format(optimizer) + ", "
                + consistency + ", seed " + seed + (model == ModelKind.MLP ? ", hidden " + Arrays.toString(hidden)
                : ", 2^" + hashBits + " buckets, l2 " + l2);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
