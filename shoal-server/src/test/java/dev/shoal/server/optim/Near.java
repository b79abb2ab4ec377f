package dev.shoal.server.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Float-against-double comparison with a relative tolerance (absolute near zero). */
final class Near {
    static final double REL = 1e-6;

    private Near() {
    }

    static void near(float actual, double expected) {
        near(actual, expected, REL);
    }

    static void near(float actual, double expected, double rel) {
        assertThat((double) actual).isCloseTo(expected, within(rel * Math.max(Math.abs(expected), 1e-3)));
    }

    /** The value a float field holds, so references computed in double use the same hyper-parameters. */
    static double f(float x) {
        return x;
    }
}
