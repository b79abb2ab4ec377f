package dev.shoal.server.table;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;

/** Input checks shared by dense and sparse parts; each failure names the table and what was expected. */
final class Checks {
    private Checks() {
    }

    static void finite(TableDescriptor d, float[] values, int n) {
        if (d.spec().allowNonFinite()) {
            return;
        }
        // x * 0 is 0 for every finite x and NaN for NaN or +-Inf, so one sum tells whether any element is bad.
        float probe = 0f;
        for (int i = 0; i < n; i++) {
            probe += values[i] * 0f;
        }
        if (probe != 0f) {
            throw new ShoalException(ErrorCode.NON_FINITE_GRADIENT, "push to " + d.spec() + " holds NaN or Inf at "
                    + "value " + firstNonFinite(values, n) + "; nothing was applied (TableSpec.allowNonFinite to accept)");
        }
    }

    private static int firstNonFinite(float[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    static ShoalException malformed(TableDescriptor d, String why) {
        return new ShoalException(ErrorCode.MALFORMED_FRAME, "request for " + d.spec() + ": " + why);
    }
}
