package dev.shoal.eval.experiment;

import dev.shoal.eval.experiment.RunSpec.Group;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.ModelKind;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grid of runs: {@code small} for CI (a few minutes), {@code full} for docs/EVALUATION.md (under 30 minutes on
 * the project's 2-core machine).
 *
 * <pre>{@code
 * Preset p = Preset.named("full");
 * List<RunSpec> refs = p.references(data);                 // run these first, with real compute
 * List<RunSpec> grid = p.scalability(data, computeMicros);  // then these, calibrated from the references
 * }</pre>
 *
 * <p><b>Scalability</b> is weak scaling, as data-parallel systems are usually measured: every worker computes 64
 * samples per step, so W workers make a global batch of 64W. The scaling runs replace the compute by a calibrated
 * wait (the 1-worker reference's measured forward and backward time), so that 8 workers fit on 2 cores, and run
 * over an emulated network. They learn nothing; their time to target is the reference run's steps to target at the
 * same global batch (under BSP, W workers of batch b step exactly as one worker of batch Wb) times their measured
 * time per step. The learning rate grows with the global batch (0.1 per 64 samples, the linear scaling rule) up to
 * 0.4: above that, batch 512 diverged without a warm-up.
 *
 * <p><b>Convergence</b> and <b>stragglers</b> run the examples' jobs (MLP on Fashion-MNIST, logistic regression on
 * SpamAssassin) with real compute on loopback, one run per consistency mode; the straggler runs slow the last
 * worker down by {@link #straggler()}.
 *
 * @param name             {@code small} or {@code full}
 * @param workers          worker counts of the scaling runs
 * @param servers          server counts of the scaling runs
 * @param networks         link rates of the scaling runs, e.g. {@code 1gbit}
 * @param scalingSteps     steps of each scaling run
 * @param scalingTarget    test accuracy whose time the scaling report estimates
 * @param convergenceShape workers and servers of the convergence and straggler runs
 * @param modes            consistency modes compared
 * @param mlpMaxSteps      MLP convergence runs stop here (0: after the example's 3 epochs)
 * @param mlpTarget        MLP target accuracy
 * @param spamEpochs       epochs of the logistic regression runs
 * @param spamTarget       logistic regression target accuracy
 * @param straggler        how many times slower the slow worker is
 * @param stragglerModels  which models the straggler runs train
 */
public record Preset(String name, List<Integer> workers, List<Integer> servers, List<String> networks,
        int scalingSteps, double scalingTarget, int[] convergenceShape, List<String> modes, int mlpMaxSteps,
        double mlpTarget, int spamEpochs, double spamTarget, double straggler, List<ModelKind> stragglerModels) {
    /** Samples per worker per step in the scaling runs. */
    static final int PER_WORKER_BATCH = 64;
    private static final double BASE_LR = 0.1;
    private static final double MAX_LR = 0.4;

    public static final List<String> NAMES = List.of("small", "full");

    public static Preset named(String name) {
        return switch (name) {
            case "small" -> new Preset("small", List.of(1, 2), List.of(1, 2), List.of("1gbit"), 40, 0.80,
                    new int[] {2, 2}, List.of("bsp", "ssp:1", "asp"), 600, 0.80, 1, 0.97, 3.0,
                    List.of(ModelKind.MLP));
            case "full" -> new Preset("full", List.of(1, 2, 4, 8), List.of(1, 2, 4), List.of("1gbit", "10gbit"), 300,
                    0.84, new int[] {4, 2}, List.of("bsp", "ssp:1", "ssp:3", "ssp:10", "asp"), 0, 0.85, 5, 0.987,
                    4.0, List.of(ModelKind.MLP, ModelKind.SPARSE_LR));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; presets: " + NAMES);
        };
    }

    /**
     * The parts an experiment runs when none are named: {@code faults} only in {@code full}, so that CI's
     * {@code small} stays as fast as it was.
     */
    public List<String> defaultParts() {
        return name.equals("full") ? List.of("scalability", "convergence", "stragglers", "faults")
                : List.of("scalability", "convergence", "stragglers");
    }

    /** One real-compute BSP run per scaling worker count, on one worker with that count's global batch. */
    public List<RunSpec> references(Path mlpData) {
        List<RunSpec> runs = new ArrayList<>();
        for (int w : workers) {
            JobConfig job = scalingJob(mlpData, w).withEvalEvery(Math.max(10, 200 / w))
                    .withEpochs(3 + w / 2).withMaxSteps(name.equals("small") ? 800 / w : 0);
            runs.add(new RunSpec(Group.REFERENCE, "reference-batch" + w * PER_WORKER_BATCH, job, 1, 1,
                    RunSpec.LOOPBACK, 0, 1.0));
        }
        return runs;
    }

    /** Every network x servers x workers, calibrated at {@code computeMicros} per step. */
    public List<RunSpec> scalability(Path mlpData, long computeMicros) {
        List<RunSpec> runs = new ArrayList<>();
        for (String net : networks) {
            for (int s : servers) {
                for (int w : workers) {
                    JobConfig job = scalingJob(mlpData, w).withEpochs(1000).withMaxSteps(scalingSteps);
                    runs.add(new RunSpec(Group.SCALABILITY, String.format(Locale.ROOT, "scale-%s-s%d-w%d", net, s, w),
                            job, s, w, net, computeMicros, 1.0));
                }
            }
        }
        return runs;
    }

    /** One run per model and consistency mode, real compute on loopback. */
    public List<RunSpec> convergence(Path mlpData, Path spamData) {
        List<RunSpec> runs = new ArrayList<>();
        for (ModelKind model : List.of(ModelKind.MLP, ModelKind.SPARSE_LR)) {
            for (String mode : modes) {
                runs.add(modeRun(Group.CONVERGENCE, model, mode, mlpData, spamData, 1.0));
            }
        }
        return runs;
    }

    /** As {@link #convergence}, with the last worker {@link #straggler()} times slower. */
    public List<RunSpec> stragglers(Path mlpData, Path spamData) {
        List<RunSpec> runs = new ArrayList<>();
        for (ModelKind model : stragglerModels) {
            for (String mode : modes) {
                runs.add(modeRun(Group.STRAGGLERS, model, mode, mlpData, spamData, straggler));
            }
        }
        return runs;
    }

    /** The scaling runs' job at {@code w} workers: MLP, 64 samples per worker, BSP, learning rate scaled. */
    JobConfig scalingJob(Path mlpData, int w) {
        float lr = (float) Math.min(MAX_LR, BASE_LR * w);
        return JobConfig.defaults(ModelKind.MLP).withData(mlpData).withBatch(PER_WORKER_BATCH * w)
                .withOptimizer(OptimizerSpec.sgd(lr)).withConsistency(Consistency.bsp())
                .withTargetAccuracy(scalingTarget);
    }

    private RunSpec modeRun(Group group, ModelKind model, String mode, Path mlpData, Path spamData, double slow) {
        JobConfig job = JobConfig.defaults(model).withConsistency(Consistency.parse(mode));
        if (model == ModelKind.MLP) {
            job = job.withData(mlpData).withTargetAccuracy(mlpTarget).withMaxSteps(mlpMaxSteps);
        } else {
            job = job.withData(spamData).withTargetAccuracy(spamTarget).withEpochs(spamEpochs)
                    .withEvalEvery(200);
        }
        String name = (group == Group.STRAGGLERS ? "straggler-" : "converge-") + model.id() + "-"
                + mode.replace(":", "");
        return new RunSpec(group, name, job, convergenceShape[1], convergenceShape[0], RunSpec.LOOPBACK, 0, slow);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preset p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
