package dev.shoal.protocol.table;

/**
 * The server-side update rule of a table and its hyper-parameters.
 *
 * <pre>{@code
 * OptimizerSpec sgd  = OptimizerSpec.sgd(0.1f);
 * OptimizerSpec mom  = OptimizerSpec.sgd(0.1f).withMomentum(0.9f);
 * OptimizerSpec adam = OptimizerSpec.adam(1e-3f);
 * OptimizerSpec ftrl = OptimizerSpec.ftrl(0.1f, 1f, 1f, 0.1f); // alpha, beta, l1, l2
 * }</pre>
 *
 * <p>Which fields matter depends on the kind:
 * <ul>
 *   <li>SGD: {@code lr}, {@code momentum} (0 = plain SGD; otherwise {@code v = m v + g; w -= lr v}).</li>
 *   <li>ADAGRAD: {@code lr}, {@code eps}, {@code initialAccumulator}.</li>
 *   <li>ADAM: {@code lr}, {@code beta1}, {@code beta2}, {@code eps}, with bias correction.</li>
 *   <li>FTRL: {@code lr} is alpha, {@code beta}, {@code l1}, {@code l2} (McMahan et al., 2013).</li>
 * </ul>
 */
public record OptimizerSpec(Kind kind, float lr, float momentum, float beta1, float beta2, float eps,
                            float beta, float l1, float l2, float initialAccumulator) {

    /** Ids are part of the wire format: never renumber. */
    public enum Kind {
        SGD(0), ADAGRAD(1), ADAM(2), FTRL(3);

        public final int id;

        Kind(int id) {
            this.id = id;
        }

        public static Kind ofId(int id) {
            for (Kind k : values()) {
                if (k.id == id) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown optimizer id " + id);
        }
    }

    public OptimizerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind is required");
        }
        requireFinite("lr", lr);
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (kind == Kind.ADAM && (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1)) {
            throw new IllegalArgumentException("adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (l1 < 0 || l2 < 0) {
            throw new IllegalArgumentException("l1 and l2 must be >= 0, got " + l1 + ", " + l2);
        }
    }

    private static void requireFinite(String name, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    public static OptimizerSpec sgd(float lr) {
        return new OptimizerSpec(Kind.SGD, lr, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
    }

    public static OptimizerSpec adagrad(float lr) {
        return new OptimizerSpec(Kind.ADAGRAD, lr, 0f, 0f, 0f, 1e-10f, 0f, 0f, 0f, 0.1f);
    }

    public static OptimizerSpec adam(float lr) {
        return new OptimizerSpec(Kind.ADAM, lr, 0f, 0.9f, 0.999f, 1e-8f, 0f, 0f, 0f, 0f);
    }

    public static OptimizerSpec ftrl(float alpha, float beta, float l1, float l2) {
        return new OptimizerSpec(Kind.FTRL, alpha, 0f, 0f, 0f, 0f, beta, l1, l2, 0f);
    }

    public OptimizerSpec withMomentum(float m) {
        return new OptimizerSpec(kind, lr, m, beta1, beta2, eps, beta, l1, l2, initialAccumulator);
    }

    public OptimizerSpec withEps(float e) {
        return new OptimizerSpec(kind, lr, momentum, beta1, beta2, e, beta, l1, l2, initialAccumulator);
    }

    public OptimizerSpec withInitialAccumulator(float acc) {
        return new OptimizerSpec(kind, lr, momentum, beta1, beta2, eps, beta, l1, l2, acc);
    }

    public OptimizerSpec withBetas(float b1, float b2) {
        return new OptimizerSpec(kind, lr, momentum, b1, b2, eps, beta, l1, l2, initialAccumulator);
    }
}
