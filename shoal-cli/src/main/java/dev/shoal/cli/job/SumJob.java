package dev.shoal.cli.job;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every worker adds 1 to every element of a table at each of {@code clocks} clocks (SGD with lr 1 and a gradient
 * of -1), then checks the table holds exactly what no lost and no doubled update gives: {@code W * clocks} when
 * pushes are applied on arrival (ASP, SSP), {@code clocks} under BSP, where each round applies the workers' average.
 *
 * <pre>{@code
 * new SumJob(1 << 20, 50, 0).run(client);
 * }</pre>
 */
public final class SumJob {
    private static final Logger LOG = LoggerFactory.getLogger(SumJob.class);
    private final int size;
    private final int clocks;
    private final long delayMillis;

    public SumJob(int size, int clocks, long delayMillis) {
        this.size = size;
        this.clocks = clocks;
        this.delayMillis = delayMillis;
    }

    public void run(ShoalClient ps) throws JobFailure, InterruptedException {
        DenseTable table = ps.dense(TableSpec.dense("sum", size).optimizer(OptimizerSpec.sgd(1f)));
        float[] grad = new float[size];
        Arrays.fill(grad, -1f);
        for (int c = 0; c < clocks; c++) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            table.push(grad);
            ps.clock();
            if ((c + 1) % Math.max(1, clocks / 5) == 0) {
                LOG.info("worker {} finished clock {} of {}", ps.workerId(), c + 1, clocks);
            }
        }
        Barrier.await(ps);
        float[] values = new float[size];
        table.pull(values);
        boolean averaged = table.descriptor().consistency().mode() == Consistency.Mode.BSP;
        float expected = averaged ? clocks : (float) ps.view().expectedWorkers() * clocks;
        for (int i = 0; i < size; i++) {
            if (values[i] != expected) {
                throw new JobFailure("sum check failed: element " + i + " is " + values[i] + ", expected " + expected
                        + " (" + table.descriptor().consistency() + ", " + ps.view().expectedWorkers() + " workers x "
                        + clocks + " clocks)");
            }
        }
        LOG.info("SUM_CHECK_PASSED worker={} elements={} value={}", ps.workerId(), size, expected);
    }
}
