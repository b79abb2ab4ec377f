package dev.shoal.server.optim;

import dev.shoal.protocol.table.OptimizerSpec;

/**
 * Builds the {@link Optimizer} a table's {@link OptimizerSpec} describes.
 *
 * <pre>{@code
 * Optimizer sgd  = Optimizers.create(OptimizerSpec.sgd(0.1f).withMomentum(0.9f));
 * Optimizer ftrl = Optimizers.create(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f));
 * }</pre>
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** A new optimizer for {@code spec}; the result is immutable and thread-safe. */
    public static Optimizer create(OptimizerSpec spec) {
        return switch (spec.kind()) {
            case SGD -> new Sgd(spec.lr(), spec.momentum());
            case ADAGRAD -> new AdaGrad(spec.lr(), spec.eps(), spec.initialAccumulator());
            case ADAM -> new Adam(spec.lr(), spec.beta1(), spec.beta2(), spec.eps());
            case FTRL -> new Ftrl(spec.lr(), spec.beta(), spec.l1(), spec.l2());
        };
    }
}
