package dev.shoal.eval.check;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BSP equals sequential SGD: W workers train a linear regression, each on its own mini-batch per step; every worker
 * then replays plain SGD on the union of all workers' batches, in one process, and checks the parameters the
 * servers hold match to 1e-5.
 *
 * <pre>{@code
 * new BspCheckJob(8, 50, 16, 0.05f, 42).run(client);
 * }</pre>
 *
 * <p>Batches are a pure function of (seed, step, worker), so every worker can rebuild everyone's batches.
 */
public final class BspCheckJob {
    private static final Logger LOG = LoggerFactory.getLogger(BspCheckJob.class);
    private final int features;
    private final int steps;
    private final int batch;
    private final float lr;
    private final long seed;

    public BspCheckJob(int features, int steps, int batch, float lr, long seed) {
        this.features = features;
        this.steps = steps;
        this.batch = batch;
        this.lr = lr;
        this.seed = seed;
    }

    public void run(ShoalClient ps) throws JobFailure {
        DenseTable w = ps.dense(TableSpec.dense("linreg.w", features)
                .initializer(InitializerSpec.normal(0f, 0.5f, seed)).optimizer(OptimizerSpec.sgd(lr))
                .consistency(Consistency.bsp()));
        int workers = ps.view().expectedWorkers();
        float[] params = new float[features];
        float[] initial = null;
        float[] grad = new float[features];
        for (int step = 0; step < steps; step++) {
            w.pull(params);
            if (initial == null) {
                initial = params.clone();
            }
            java.util.Arrays.fill(grad, 0f);
            addGradient(params, step, ps.workerId(), grad, 1.0 / batch);
            w.push(grad);
            ps.clock();
        }
        w.pull(params);
        double[] ref = sequential(initial, workers);
        for (int j = 0; j < features; j++) {
            if (Math.abs(ref[j] - params[j]) > 1e-5) {
                throw new JobFailure("BSP check failed: w[" + j + "] = " + params[j] + " on the servers, sequential SGD "
                        + "on the union of " + workers + " workers' batches gives " + ref[j]);
            }
        }
        LOG.info("BSP_CHECK_PASSED worker={} workers={} steps={} max_abs_diff<=1e-5", ps.workerId(), workers, steps);
    }

    /** SGD in one process over the union batch of every step: the mean gradient over W * batch rows. */
    private double[] sequential(float[] initial, int workers) {
        double[] w = new double[features];
        for (int j = 0; j < features; j++) {
            w[j] = initial[j];
        }
        float[] params = new float[features];
        float[] g = new float[features];
        for (int step = 0; step < steps; step++) {
            for (int j = 0; j < features; j++) {
                params[j] = (float) w[j];
            }
            java.util.Arrays.fill(g, 0f);
            for (int worker = 0; worker < workers; worker++) {
                addGradient(params, step, worker, g, 1.0 / ((double) batch * workers));
            }
            for (int j = 0; j < features; j++) {
                w[j] -= lr * g[j];
            }
        }
        return w;
    }

    /** Adds scale * d/dw of sum over the batch of (x.w - y)^2 to {@code grad}. */
    private void addGradient(float[] w, int step, int worker, float[] grad, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + step * 7919L + worker);
        double[] x = new double[features];
        for (int r = 0; r < batch; r++) {
            double y = 0;
            double pred = 0;
            for (int j = 0; j < features; j++) {
                x[j] = rnd.nextDouble(-1, 1);
                y += x[j] * (j + 1) * 0.25;
                pred += x[j] * w[j];
            }
            y += rnd.nextDouble(-0.05, 0.05);
            double err = 2 * (pred - y) * scale;
            for (int j = 0; j < features; j++) {
                grad[j] += (float) (err * x[j]);
            }
        }
    }
}
