package dev.shoal.server.optim;

import java.util.Arrays;

/**
 * Adam with bias correction: first moment in {@code s0}, second in {@code s1}. The bias-correction factors depend
 * only on the step, so they are computed once per call rather than per element.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3f, 0.9f, 0.999f, 1e-8f);
 * }</pre>
 */
final class Adam implements Optimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;

    Adam(float lr, float beta1, float beta2, float eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public int stateSlots() {
        return 2;
    }

    @Override
    public boolean usesStep() {
        return true;
    }

    @Override
    public void apply(float[] w, float[] s0, float[] s1, int off, float[] g, int gOff, int len, long step) {
        // Powers in double: beta^t underflows gracefully to 0, and 1 - beta^t keeps its precision for small t.
        final double t = (double) step + 1.0;
        final float rate = (float) (lr / (1.0 - Math.pow(beta1, t)));
        final float c2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        final float b1 = beta1;
        final float b2 = beta2;
        final float ob1 = 1f - beta1;
        final float ob2 = 1f - beta2;
        final float e = eps;
        if (off == 0 && gOff == 0) {
            // C2 (JDK 25) vectorizes this loop only without offsets, which it cannot prove free of overlap: a whole
            // dense slice, the common case, runs several times faster (7x for AdaGrad)
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float m = b1 * s0[i] + ob1 * gi;
                float v = b2 * s1[i] + ob2 * gi * gi;
                s0[i] = m;
                s1[i] = v;
                w[i] -= rate * m / ((float) Math.sqrt(v * c2) + e);
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            float gi = g[gOff + i];
            float m = b1 * s0[off + i] + ob1 * gi;
            float v = b2 * s1[off + i] + ob2 * gi * gi;
            s0[off + i] = m;
            s1[off + i] = v;
            w[off + i] -= rate * m / ((float) Math.sqrt(v * c2) + e);
        }
    }

    @Override
    public void initState(float[] w, float[] s0, float[] s1, int off, int len) {
        Arrays.fill(s0, off, off + len, 0f);
        Arrays.fill(s1, off, off + len, 0f);
    }

    @Override
    public String toString() {
        return "adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ")";
    }
}
