package dev.shoal.server.optim;

import java.util.Arrays;

/**
 * AdaGrad: {@code acc += g²; w -= lr g / (sqrt(acc) + eps)}, the accumulator in {@code s0} starting at
 * {@code initialAccumulator}.
 *
 * <pre>{@code
 * Optimizer ada = new AdaGrad(0.1f, 1e-10f, 0.1f);
 * }</pre>
 */
final class AdaGrad implements Optimizer {
    private final float lr;
    private final float eps;
    private final float initialAccumulator;

    AdaGrad(float lr, float eps, float initialAccumulator) {
        this.lr = lr;
        this.eps = eps;
        this.initialAccumulator = initialAccumulator;
    }

    @Override
    public int stateSlots() {
        return 1;
    }

    @Override
    public void apply(float[] w, float[] s0, float[] s1, int off, float[] g, int gOff, int len, long step) {
        final float rate = lr;
        final float e = eps;
        if (off == 0 && gOff == 0) {
            // C2 (JDK 25) vectorizes this loop only without offsets, which it cannot prove free of overlap: a whole
            // dense slice, the common case, runs several times faster (7x for AdaGrad)
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float acc = s0[i] + gi * gi;
                s0[i] = acc;
                w[i] -= rate * gi / ((float) Math.sqrt(acc) + e);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            float gi = g[gOff + i];
            float acc = s0[off + i] + gi * gi;
            s0[off + i] = acc;
            w[off + i] -= rate * gi / ((float) Math.sqrt(acc) + e);
        }
    }

    @Override
    public void initState(float[] w, float[] s0, float[] s1, int off, int len) {
        Arrays.fill(s0, off, off + len, initialAccumulator);
    }

    @Override
    public String toString() {
        return "adagrad(lr=" + lr + ", eps=" + eps + ", initialAccumulator=" + initialAccumulator + ")";
    }
}
