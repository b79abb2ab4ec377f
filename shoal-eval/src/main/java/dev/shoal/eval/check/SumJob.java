package dev.shoal.eval.check;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.client.SparseTable;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every worker adds 1 to every element of a dense table, and to the rows of a fixed set of sparse keys, at each of
 * {@code clocks} clocks (SGD with lr 1 and a gradient of -1), then checks both hold exactly what no lost and no
 * doubled update gives: {@code W * clocks} when pushes are applied on arrival (ASP, SSP), {@code clocks} under BSP,
 * where each round applies the workers' average.
 *
 * <pre>{@code
 * new SumJob(1 << 20, 10_000, 50, 0).run(client);
 * }</pre>
 */
public final class SumJob {
    private static final Logger LOG = LoggerFactory.getLogger(SumJob.class);
    private static final int SPARSE_DIM = 4;
    private final int size;
    private final int sparseKeys;
    private final int clocks;
    private final long delayMillis;

    public SumJob(int size, int sparseKeys, int clocks, long delayMillis) {
        this.size = size;
        this.sparseKeys = sparseKeys;
        this.clocks = clocks;
        this.delayMillis = delayMillis;
    }

    public void run(ShoalClient ps) throws JobFailure, InterruptedException {
        DenseTable table = ps.dense(TableSpec.dense("sum", size).optimizer(OptimizerSpec.sgd(1f)));
        SparseTable rows = ps.sparse(TableSpec.sparse("sum.rows", SPARSE_DIM).optimizer(OptimizerSpec.sgd(1f)));
        float[] grad = new float[size];
        Arrays.fill(grad, -1f);
        long[] keys = keys();
        float[] rowGrads = new float[sparseKeys * SPARSE_DIM];
        Arrays.fill(rowGrads, -1f);
        for (int c = 0; c < clocks; c++) {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            CompletableFuture<Void> sparse = rows.pushAsync(keys, rowGrads);
            table.push(grad);
            sparse.join();
            ps.clock();
            if ((c + 1) % Math.max(1, clocks / 5) == 0) {
                LOG.info("worker {} finished clock {} of {}", ps.workerId(), c + 1, clocks);
            }
        }
        Barrier.await(ps);
        float[] values = new float[size];
        table.pull(values);
        float[] rowValues = new float[rowGrads.length];
        rows.pull(keys, rowValues);
        boolean averaged = table.descriptor().consistency().mode() == Consistency.Mode.BSP;
        float expected = averaged ? clocks : (float) ps.view().expectedWorkers() * clocks;
        check(table.name(), values, expected, ps, i -> "element " + i + " of slice "
                + table.descriptor().sliceOf(i) + " (owner server " + table.descriptor().owner(
                table.descriptor().sliceOf(i)) + ")");
        check(rows.name(), rowValues, expected, ps, i -> {
            long key = keys[i / SPARSE_DIM];
            int p = KeyPartitioner.partitionOf(key, rows.descriptor().units());
            return "key " + key + " in partition " + p + " (owner server " + rows.descriptor().owner(p) + ")";
        });
        LOG.info("SUM_CHECK_PASSED worker={} elements={} sparse_keys={} value={}", ps.workerId(), size, sparseKeys,
                expected);
    }

    /** The same keys on every worker, spread over the whole key space (negative ones too). */
    private long[] keys() {
        long[] keys = new long[sparseKeys];
        for (int i = 0; i < sparseKeys; i++) {
            keys[i] = (i - sparseKeys / 2L) * 0x9E3779B97F4A7C15L;
        }
        return keys;
    }

    private void check(String table, float[] values, float expected, ShoalClient ps, IntFunction<String> where)
            throws JobFailure {
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != expected) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        if (wrong > 0) {
            throw new JobFailure("sum check failed: " + wrong + " of " + values.length + " values of table '" + table
                    + "' are wrong, the first, value " + first + " (" + where.apply(first) + "), is " + values[first]
                    + ", expected " + expected + " (" + ps.view().consistency() + ", "
                    + ps.view().expectedWorkers() + " workers x " + clocks + " clocks)");
        }
    }
}
