package dev.shoal.ml.train;

/**
 * How a global batch is split over data-parallel workers, and how many steps make an epoch.
 *
 * <pre>{@code
 * BatchPlan plan = BatchPlan.of(60_000, 64, 2, workerIndex);   // 32 samples each, 937 steps per epoch
 * float weight = plan.gradientWeight();                         // 1.0 here
 * }</pre>
 *
 * <p>Worker {@code i} of {@code W} takes {@code batch / W} samples per step, one more if {@code i < batch % W}.
 * Every worker runs the same number of steps per epoch (the fewest any shard allows), because under BSP a
 * worker with an extra step would wait for a round nobody else joins. The tail of a shard beyond that is left out
 * of the epoch; the next epoch's shuffle picks a different tail.
 *
 * <p>{@link #gradientWeight()} scales a worker's mean-loss gradient by {@code localBatch * W / batch}: the
 * servers average what the workers push, so the average is then exactly the mean over the global batch.
 *
 * @param localBatch    this worker's samples per step
 * @param stepsPerEpoch steps every worker runs per epoch
 * @param workers       number of workers
 * @param globalBatch   samples per step over all workers
 */
public record BatchPlan(int localBatch, int stepsPerEpoch, int workers, int globalBatch) {

    public static BatchPlan of(int samples, int globalBatch, int workers, int worker) {
        if (workers <= 0 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers);
        }
        if (globalBatch < workers) {
            throw new IllegalArgumentException("a batch of " + globalBatch + " cannot give each of " + workers
                    + " workers a sample per step");
        }
        int steps = Integer.MAX_VALUE;
        for (int w = 0; w < workers; w++) {
            int shard = dev.shoal.ml.data.Shards.end(samples, w, workers) - dev.shoal.ml.data.Shards.start(samples, w,
                    workers);
            steps = Math.min(steps, shard / localBatch(globalBatch, workers, w));
        }
        if (steps == 0) {
            throw new IllegalArgumentException(samples + " samples over " + workers + " workers do not fill one "
                    + "batch of " + globalBatch);
        }
        return new BatchPlan(localBatch(globalBatch, workers, worker), steps, workers, globalBatch);
    }

    /** The factor this worker multiplies its mean-loss gradient by; see the class comment. */
    public float gradientWeight() {
        return (float) ((double) localBatch * workers / globalBatch);
    }

    private static int localBatch(int globalBatch, int workers, int worker) {
        return globalBatch / workers + (worker < globalBatch % workers ? 1 : 0);
    }
}
