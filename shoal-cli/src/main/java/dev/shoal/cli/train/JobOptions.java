package dev.shoal.cli.train;

import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.JobFile;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.ml.train.OptimizerText;
import dev.shoal.protocol.table.Consistency;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job of {@code shoal train}: a YAML file, or a model's defaults, with any flag overriding either.
 *
 * <pre>{@code
 * shoal train examples/mlp-fashion-mnist.yaml --epochs 1 --consistency ssp:2
 * shoal train --model sparse-lr --optimizer ftrl:alpha=0.1,beta=1,l1=0,l2=0
 * }</pre>
 */
final class JobOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB.yaml",
            description = "The job file (see examples/). Without it, --model picks the defaults.")
    Path file;

    @Option(names = "--model", paramLabel = "MODEL", description = "mlp or sparse-lr.")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "The data set's directory.")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Samples per step, summed over the workers.")
    Integer batch;

    @Option(names = "--optimizer", paramLabel = "SPEC",
            description = "e.g. sgd:lr=0.1, adagrad:lr=0.05, adam:lr=0.001, ftrl:alpha=0.1,beta=1,l1=0,l2=0.")
    String optimizer;

    @Option(names = "--consistency", paramLabel = "MODE", description = "bsp, asp or ssp:N.")
    String consistency;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the initial parameters and shuffles.")
    Long seed;

    @Option(names = "--eval-every", paramLabel = "STEPS",
            description = "Evaluate on the test set every STEPS steps (0: once per epoch).")
    Integer evalEvery;

    @Option(names = "--target-accuracy", paramLabel = "A", description = "Report the time to this test accuracy.")
    Double targetAccuracy;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N steps (0: no limit).")
    Integer maxSteps;

    @Option(names = "--hidden", paramLabel = "W", split = ",", description = "MLP hidden widths, e.g. 256 or 512,128.")
    int[] hidden;

    @Option(names = "--hash-bits", paramLabel = "B", description = "sparse-lr: hash features into 2^B buckets.")
    Integer hashBits;

    @Option(names = "--l2", paramLabel = "X", description = "sparse-lr: L2 penalty in the workers' loss.")
    Float l2;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the run's metrics, plot and model go (default: runs/train-<model>-<time>).")
    Path out;

    /** The job the file and flags describe; throws IllegalArgumentException or IOException with what is wrong. */
    JobConfig resolve() throws IOException {
        JobConfig job;
        if (file != null) {
            job = JobFile.read(file);
            if (model != null && ModelKind.parse(model) != job.model()) {
                throw new IllegalArgumentException("--model " + model + " contradicts " + file + " (model "
                        + job.model().id() + ")");
            }
        } else if (model != null) {
            job = JobConfig.defaults(ModelKind.parse(model));
        } else {
            throw new IllegalArgumentException("give a job file (e.g. examples/mlp-fashion-mnist.yaml) or --model");
        }
        return overrides(job);
    }

    private JobConfig overrides(JobConfig job) {
        job = data != null ? job.withData(data) : job;
        job = epochs != null ? job.withEpochs(epochs) : job;
        job = batch != null ? job.withBatch(batch) : job;
        job = optimizer != null ? job.withOptimizer(OptimizerText.parse(optimizer)) : job;
        job = consistency != null ? job.withConsistency(Consistency.parse(consistency)) : job;
        job = seed != null ? job.withSeed(seed) : job;
        job = evalEvery != null ? job.withEvalEvery(evalEvery) : job;
        job = targetAccuracy != null ? job.withTargetAccuracy(targetAccuracy) : job;
        job = maxSteps != null ? job.withMaxSteps(maxSteps) : job;
        job = hidden != null ? job.withHidden(hidden) : job;
        job = hashBits != null ? job.withHashBits(hashBits) : job;
        job = l2 != null ? job.withL2(l2) : job;
        return out != null ? job.withOut(out) : job;
    }

    boolean outGiven() {
        return out != null;
    }
}
