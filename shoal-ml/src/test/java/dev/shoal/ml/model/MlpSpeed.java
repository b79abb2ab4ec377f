package dev.shoal.ml.model;

import java.util.Random;

/**
 * Times forward and backward passes of the default MLP by hand; not a test, since timings are never asserted.
 *
 * <pre>{@code
 * java -cp shoal-ml/target/classes:shoal-ml/target/test-classes dev.shoal.ml.model.MlpSpeed [batch] [steps]
 * }</pre>
 *
 * <p>Inputs are three-quarters non-zero in [0, 1], roughly the density of Fashion-MNIST pixels. Run it with
 * OPENBLAS_NUM_THREADS=1 to time one core, as a worker of a local cluster gets.
 */
public final class MlpSpeed {

    private MlpSpeed() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Mlp mlp = Mlp.fashionMnist();
        Random random = new Random(1);
        float[] x = new float[batch * mlp.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4) == 0 ? 0f : random.nextFloat();
        }
        int[] labels = random.ints(batch, 0, mlp.classes()).toArray();
        float[][] params = mlp.initialParameters(1);
        float[][] grads = mlp.newParameters();
        Mlp.Workspace ws = mlp.workspace(batch);
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            double loss = 0;
            for (int s = 0; s < steps; s++) {
                loss += mlp.lossAndGradient(x, labels, batch, params, grads, ws);
            }
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            System.out.printf("round %d: %.3f ms per forward+backward of batch %d on %s (loss %.4f)%n", round, ms,
                    batch, mlp, loss / steps);
        }
    }
}
