package dev.shoal.ml.train;

import dev.shoal.client.ShoalClient;
import dev.shoal.ml.data.Shards;
import dev.shoal.ml.report.EvalPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A data-parallel worker's whole training run: read its shard, then per step pull, compute, push and clock;
 * worker 0 also evaluates on the test set as it goes.
 *
 * <pre>{@code
 * try (ShoalClient ps = ShoalClient.connect(ClientConfig.of("10.0.0.1:7000"))) {
 *     TrainingJob.Result r = TrainingJob.run(ps, job, StepPacing.REAL, TrainingJob.Listener.NONE);
 * }
 * }</pre>
 *
 * <p>The clock for "time to accuracy" starts at the first step, after the data is read and the tables exist, and
 * leaves out the time worker 0 spends evaluating ({@link EvalPoint#trainSeconds()}); wall time includes it. Under
 * BSP the other workers wait while worker 0 evaluates, so leaving evaluation out measures training alone.
 *
 * <p>With a {@linkplain StepPacing#isCalibrated() calibrated} pacing nothing is learned (the gradients are zeros),
 * so worker 0 neither evaluates nor saves the model: such a run measures the system's speed only.
 */
public final class TrainingJob {
    /** The file in the job's output directory where worker 0 saves the trained parameters. */
    public static final String MODEL_FILE = "model.bin";

    /** Hears about a run's progress; called on the training thread, so keep it short. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /**
         * The data is read and the tables exist, which took {@code setupSeconds}; {@code totalSteps} steps follow.
         */
        default void started(int worker, int workers, BatchPlan plan, int totalSteps, double setupSeconds) {
        }

        /** A step finished with this batch loss. */
        default void stepped(int epoch, int step, double loss, double trainSeconds) {
        }

        /** Worker 0 scored the parameters on the test set. */
        default void evaluated(EvalPoint point) {
        }
    }

    /**
     * What a worker saw of its run.
     *
     * @param steps        steps run
     * @param trainSeconds time from the first step to the end, without evaluations
     * @param wallSeconds  time from the first step to the end
     * @param evaluations  worker 0's test-set scores, in order (empty on other workers)
     * @param bytesPushed  payload bytes this worker pushed
     * @param bytesPulled  payload bytes this worker pulled
     * @param computeSeconds real forward and backward time, without waits for the network (0 if calibrated)
     * @param pacedSeconds   time spent in the pacing's waits (a straggler's delay, a calibrated compute)
     * @param warmupSteps    the first steps, {@link #WARMUP_FRACTION} of them, left out of the steady rate
     * @param warmupSeconds  training time those steps took (JIT compiling, connections and buffers warming up)
     */
    public record Result(int steps, double trainSeconds, double wallSeconds, List<EvalPoint> evaluations,
            long bytesPushed, long bytesPulled, double computeSeconds, double pacedSeconds, int warmupSteps,
            double warmupSeconds) {
        /** Training seconds per step after the warm-up steps: the rate a longer run would see. */
        public double steadySecondsPerStep() {
            return steps > warmupSteps ? (trainSeconds - warmupSeconds) / (steps - warmupSteps) : Double.NaN;
        }
    }

    /** The share of a run's steps counted as warm-up in {@link Result#steadySecondsPerStep()}. */
    public static final double WARMUP_FRACTION = 0.2;

    private final ShoalClient ps;
    private final JobConfig job;
    private final StepPacing pacing;
    private final Listener listener;
    private final List<EvalPoint> evaluations = new ArrayList<>();
    private long start;
    private long evalNanos;
    private int warmupSteps;
    private long warmupNanos;
    private CompletableFuture<Void> clocked = CompletableFuture.completedFuture(null);
    private double lossSum;
    private int lossCount;

    private TrainingJob(ShoalClient ps, JobConfig job, StepPacing pacing, Listener listener) {
        this.ps = ps;
        this.job = job;
        this.pacing = pacing;
        this.listener = listener;
    }

    public static Result run(ShoalClient ps, JobConfig job, StepPacing pacing, Listener listener)
            throws IOException {
        return new TrainingJob(ps, job, pacing, listener).run();
    }

    private Result run() throws IOException {
        int worker = ps.workerId();
        int workers = ps.view().expectedWorkers();
        long setup = System.nanoTime();
        WorkerModel model = switch (job.model()) {
            case MLP -> MlpModel.create(ps, job, worker, workers, pacing);
            case SPARSE_LR -> SparseLrModel.create(ps, job, worker, workers, pacing);
        };
        BatchPlan plan = BatchPlan.of(model.trainSamples(), job.batch(), workers, worker);
        int total = plan.stepsPerEpoch() * job.epochs();
        if (job.maxSteps() > 0) {
            total = Math.min(total, job.maxSteps());
        }
        listener.started(worker, workers, plan, total, seconds(System.nanoTime() - setup));
        boolean learns = !pacing.isCalibrated();
        int steps = train(model, plan, total, worker == 0 && learns);
        model.flush();
        clocked.join();
        double wall = seconds(System.nanoTime() - start);
        double train = seconds(System.nanoTime() - start - evalNanos);
        if (worker == 0 && learns) {
            java.nio.file.Files.createDirectories(job.out());
            model.save(job.out().resolve(MODEL_FILE));
        }
        return new Result(steps, train, wall, List.copyOf(evaluations), model.bytesPushed(), model.bytesPulled(),
                pacing.computeSeconds(), pacing.waitedSeconds(), warmupSteps, seconds(warmupNanos));
    }

    private int train(WorkerModel model, BatchPlan plan, int total, boolean evaluator) {
        int[] shard = model.shard();
        int[] order = new int[shard.length];
        int[] ids = new int[plan.localBatch()];
        float weight = plan.gradientWeight();
        warmupSteps = (int) (total * WARMUP_FRACTION);
        start = System.nanoTime();
        int step = 0;
        for (int epoch = 0; step < total; epoch++) {
            // a different stream per worker, so shards are not visited in correlated orders
            Shards.shuffle(shard, order, job.seed() * 31 + ps.workerId(), epoch);
            for (int s = 0; s < plan.stepsPerEpoch() && step < total; s++) {
                System.arraycopy(order, s * ids.length, ids, 0, ids.length);
                long stepStart = System.nanoTime();
                double loss = model.step(ids, ids.length, weight);
                // not waited for: the servers handle a connection's requests in order, so the next pull comes
                // after it anyway; the wait only moves to the next step, where its failure still surfaces
                clocked.join();
                clocked = ps.clockAsync();
                ps.metrics().step(System.nanoTime() - stepStart);
                step++;
                if (step == warmupSteps) {
                    warmupNanos = System.nanoTime() - start - evalNanos;
                }
                if (!Double.isNaN(loss)) {
                    lossSum += loss;
                    lossCount++;
                }
                listener.stepped(epoch, step, loss, seconds(System.nanoTime() - start - evalNanos));
                boolean epochEnd = s == plan.stepsPerEpoch() - 1 || step == total;
                if (evaluator && (epochEnd || job.evalEvery() > 0 && step % job.evalEvery() == 0)) {
                    evaluate(model, epoch, step);
                }
            }
        }
        return step;
    }

    private void evaluate(WorkerModel model, int epoch, int step) {
        // the step's pushes and clock are training: wait for their acknowledgements before the evaluation's clock
        // starts (under BSP the other workers' finishing the round still falls into it: a step at most)
        model.flush();
        clocked.join();
        long t0 = System.nanoTime();
        WorkerModel.Score score = model.evaluate();
        long t1 = System.nanoTime();
        double trainLoss = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
        EvalPoint point = new EvalPoint(step, epoch, seconds(t0 - start - evalNanos), seconds(t0 - start), trainLoss,
                score.loss(), score.accuracy());
        evalNanos += t1 - t0;
        evaluations.add(point);
        listener.evaluated(point);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
