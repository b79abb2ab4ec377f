package dev.shoal.client;

import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.error.NonFiniteGradientException;
import dev.shoal.protocol.table.TableSpec;

/**
 * The client's one check of pushed values: NaN or Inf is refused before anything is sent (unless the table
 * allows it), so a refused push applies nothing anywhere. Dense and sparse pushes both call it; the scan itself is
 * {@link Floats#allFinite}, the one the servers use too.
 *
 * <pre>{@code
 * Gradients.requireFinite(table.spec(), grad, 0, grad.length);   // NonFiniteGradientException naming the index
 * }</pre>
 */
final class Gradients {
    private Gradients() {
    }

    static void requireFinite(TableSpec spec, float[] values, int off, int count) {
        if (spec.allowNonFinite() || Floats.allFinite(values, off, count)) {
            return;
        }
        throw new NonFiniteGradientException("push to " + spec + " holds NaN or Inf at value "
                + (Floats.firstNonFinite(values, off, count) - off)
                + "; nothing was sent (TableSpec.allowNonFinite to accept)");
    }
}
