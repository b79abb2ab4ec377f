package dev.shoal.examples;

import dev.shoal.client.ClientConfig;
import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.client.SparseTable;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;

/**
 * A worker of a running Shoal cluster: a dense and a sparse table, pulled and pushed once per iteration.
 *
 * <pre>{@code
 * bin/shoal coordinator --port 7100 --servers 1 --workers 1 &
 * bin/shoal server --coordinator 127.0.0.1:7100 --port 7101 &
 * javac -cp lib/shoal.jar -d classes examples/java/dev/shoal/examples/WorkerApiExample.java
 * java -cp lib/shoal.jar:classes dev.shoal.examples.WorkerApiExample 127.0.0.1:7100   # weights[0] near 1
 * }</pre>
 */
public final class WorkerApiExample {
    public static void main(String[] args) {
        String coordinator = args.length > 0 ? args[0] : "127.0.0.1:7100";
        int steps = 100;
        long[] keys = {3, 141, 59_265};
        try (ShoalClient ps = ShoalClient.connect(ClientConfig.of(coordinator))) {
            DenseTable w = ps.dense(TableSpec.dense("fc1.weight", 784, 256)
                    .initializer(InitializerSpec.normal(0f, 0.05f, 7))
                    .optimizer(OptimizerSpec.sgd(0.1f).withMomentum(0.9f)));
            SparseTable emb = ps.sparse(TableSpec.sparse("ctr.emb", 16)
                    .optimizer(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f)));
            float[] weights = new float[(int) w.size()];
            float[] rows = new float[keys.length * emb.dim()];
            for (int step = 0; step < steps; step++) {
                w.pull(weights);                  // waits as the consistency rule says
                w.push(gradient(weights));        // or pushAsync / pushPull / a range: push(offset, src, off, n)
                emb.pull(keys, rows);             // rows created on first touch
                emb.push(keys, gradient(rows));
                ps.clock();                       // end of this iteration
            }
            System.out.println("worker " + ps.workerId() + ": weights[0] = " + weights[0]);
        }
    }

    /** The gradient of 0.5 * |x - 1|^2: pulls every value towards 1. */
    static float[] gradient(float[] x) {
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = x[i] - 1f;
        }
        return g;
    }
}
