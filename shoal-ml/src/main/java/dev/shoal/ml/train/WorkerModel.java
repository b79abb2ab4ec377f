package dev.shoal.ml.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@link TrainingJob} needs of a model: one data-parallel step through the servers, an evaluation on the
 * test set, and a way to save what the servers hold.
 *
 * <pre>{@code
 * WorkerModel model = MlpModel.create(ps, job, worker, workers, StepPacing.REAL);
 * double loss = model.step(sampleIds, n, plan.gradientWeight());   // pull, forward/backward, push
 * ps.clockAsync();
 * WorkerModel.Score s = model.evaluate();                          // pulls, then scores the test set
 * }</pre>
 */
public interface WorkerModel {

    /** Samples in the whole training set, over all workers' shards. */
    int trainSamples();

    /** Samples in this worker's training shard. */
    int shardSize();

    /** The shard's sample ids, e.g. to shuffle per epoch. */
    int[] shard();

    /**
     * Pulls the parameters the batch needs, computes the gradient of the mean loss over samples
     * {@code ids[0 .. n)} times {@code weight}, and pushes it (the push may still be in flight on return; the next
     * call or {@link #flush()} waits for it). The model's {@link StepPacing} may slow the compute down, or replace
     * it with a calibrated wait and a zero gradient.
     *
     * @return the batch's mean loss before the update (NaN for a calibrated step, which computes none)
     */
    double step(int[] ids, int n, float weight);

    /** Waits for pushes in flight and rethrows their failure, if any. */
    void flush();

    /** Pulls the current parameters and scores them on the whole test set. */
    Score evaluate();

    /** Payload bytes pushed and pulled so far (values and keys, not headers). */
    long bytesPushed();

    long bytesPulled();

    /** Pulls the current parameters and writes them to {@code file}. */
    void save(Path file) throws IOException;

    /**
     * Test-set figures.
     *
     * @param loss     mean loss
     * @param accuracy fraction classified correctly
     */
    record Score(double loss, double accuracy) {
    }
}
