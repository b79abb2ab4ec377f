package dev.shoal.server.optim;

/**
 * A server-side update rule. Parameters and their optimizer state live side by side in float arrays owned by the
 * caller; an optimizer holds only its hyper-parameters, so one instance is immutable and may be shared by any number
 * of tables and threads.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.create(OptimizerSpec.adam(1e-3f));
 * float[] w = new float[n];
 * float[] m = new float[n], v = new float[n];     // opt.stateSlots() == 2
 * opt.initState(w, m, v, 0, n);
 * opt.apply(w, m, v, 0, grad, 0, n, step++);
 * }</pre>
 *
 * <p>Implementations run plain indexed loops without allocation so that the JIT can vectorize them. They do not
 * check bounds beyond what the JVM does: callers validate ranges before calling, so that a bad request never leaves a
 * range half-updated.
 */
public interface Optimizer {

    /** Float state arrays needed per parameter: 0, 1 or 2. */
    int stateSlots();

    /**
     * Applies gradient {@code g[gOff, gOff+len)} to {@code w[off, off+len)}. {@code s0}/{@code s1} are the state
     * arrays, indexed like {@code w}, or null when {@link #stateSlots()} says they are unused.
     *
     * @param step number of updates this range had before this one (0 the first time)
     */
    void apply(float[] w, float[] s0, float[] s1, int off, float[] g, int gOff, int len, long step);

    /** Sets the initial state of {@code w[off, off+len)}, which already holds its initial values. */
    void initState(float[] w, float[] s0, float[] s1, int off, int len);

    /**
     * Whether {@link #apply} reads {@code step}. Storage may skip keeping per-row update counters when it does not.
     */
    default boolean usesStep() {
        return false;
    }
}
