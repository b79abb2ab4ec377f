package dev.shoal.bench.pushpull;

import dev.shoal.bench.loop.AsyncOp;
import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.client.SparseTable;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The push and pull requests of a workload, bound to their table and buffers once so the timed loops only
 * start requests.
 *
 * <pre>{@code
 * TableOps ops = TableOps.create(ps, workload);
 * loop.run(ops.push(), Duration.ofSeconds(3), workload.bytesPerOp());
 * }</pre>
 *
 * <p>With several requests in flight all pulls share one destination array: the bench measures transfer, not
 * the values, and one array per in-flight request would cost gigabytes at 64 MiB. Pushes can share their
 * source because the client encodes a request before {@code pushAsync} returns.
 *
 * @param push starts one push of the whole dense table or of every sparse key
 * @param pull starts one pull of the same
 */
public record TableOps(AsyncOp push, AsyncOp pull) {

    /** Small enough that the values stay finite over millions of SGD steps. */
    private static final float GRADIENT = 1e-6f;
    private static final float LEARNING_RATE = 1e-3f;

    public static TableOps create(ShoalClient ps, Workload w) {
        return w.isSparse() ? sparse(ps, w) : dense(ps, w);
    }

    private static TableOps dense(ShoalClient ps, Workload w) {
        int floats = (int) (w.sizeBytes() / 4);
        DenseTable t = ps.dense(TableSpec.dense("bench.dense." + w.sizeBytes(), floats)
                .optimizer(OptimizerSpec.sgd(LEARNING_RATE)).consistency(Consistency.asp()));
        float[] grad = new float[floats];
        Arrays.fill(grad, GRADIENT);
        float[] dst = new float[floats];
        return new TableOps(() -> t.pushAsync(grad), () -> t.pullAsync(dst));
    }

    private static TableOps sparse(ShoalClient ps, Workload w) {
        int n = (int) w.sparseKeys();
        SparseTable t = ps.sparse(TableSpec.sparse("bench.sparse", 1)
                .optimizer(OptimizerSpec.sgd(LEARNING_RATE)).consistency(Consistency.asp()));
        long[] keys = keys(n, w.seed() + ps.workerId());
        float[] grads = new float[n];
        Arrays.fill(grads, GRADIENT);
        float[] out = new float[n];
        return new TableOps(() -> t.pushAsync(keys, grads), () -> t.pullAsync(keys, out));
    }

    /** Random 64-bit keys: distinct in practice (a collision among 10^7 has odds near 10^-6), spread evenly. */
    static long[] keys(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = random.nextLong();
        }
        return keys;
    }
}
