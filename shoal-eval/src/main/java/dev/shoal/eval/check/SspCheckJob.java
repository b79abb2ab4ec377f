package dev.shoal.eval.check;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSP keeps its bound: each worker runs {@code clocks} iterations with a random delay per step (seeded per
 * worker, worker 0 the slowest), and after every pull records the slowest live worker's clock the servers
 * reported. Every observation is printed as an {@code SSP_OBSERVATION} line for the test to check, and the job
 * fails if any shows a gap above the staleness bound.
 *
 * <pre>{@code
 * new SspCheckJob(1024, 30, 40, 7).run(client);
 * }</pre>
 */
public final class SspCheckJob {
    private static final Logger LOG = LoggerFactory.getLogger(SspCheckJob.class);
    private final int size;
    private final int clocks;
    private final int maxDelayMillis;
    private final long seed;

    public SspCheckJob(int size, int clocks, int maxDelayMillis, long seed) {
        this.size = size;
        this.clocks = clocks;
        this.maxDelayMillis = maxDelayMillis;
        this.seed = seed;
    }

    public void run(ShoalClient ps) throws JobFailure, InterruptedException {
        DenseTable t = ps.dense(TableSpec.dense("ssp.w", size).optimizer(OptimizerSpec.sgd(0.01f)));
        Consistency rule = t.descriptor().consistency();
        int bound = rule.mode() == Consistency.Mode.ASP ? Integer.MAX_VALUE : rule.staleness();
        SplittableRandom rnd = new SplittableRandom(seed + ps.workerId());
        float[] values = new float[size];
        float[] grad = new float[size];
        int worst = 0;
        for (int c = 0; c < clocks; c++) {
            int slowdown = ps.workerId() == 0 ? 3 : 1;
            Thread.sleep(rnd.nextInt(maxDelayMillis + 1) * slowdown);
            t.pull(values);
            int min = t.observedMinClock();
            int gap = c - min;
            worst = Math.max(worst, gap);
            System.out.println("SSP_OBSERVATION worker=" + ps.workerId() + " clock=" + c + " min=" + min);
            if (gap > bound) {
                throw new JobFailure("SSP bound broken: worker " + ps.workerId() + " at clock " + c
                        + " pulled while the slowest live worker was at " + min + " (" + rule + ")");
            }
            java.util.Arrays.fill(grad, 0.01f * (ps.workerId() + 1));
            t.push(grad);
            ps.clock();
        }
        System.out.flush();
        LOG.info("SSP_CHECK_PASSED worker={} clocks={} worst_gap={} bound={}", ps.workerId(), clocks, worst, rule);
    }
}
