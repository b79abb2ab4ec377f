package dev.shoal.server.table;

import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import io.netty.buffer.ByteBuf;

/** Input checks shared by dense and sparse parts; each failure names the table and what was expected. */
final class Checks {
    private Checks() {
    }

    /** Copies {@code n} floats of {@code frame} at {@code index} into {@code values}; refuses NaN and Inf. */
    static void readFinite(TableDescriptor d, ByteBuf frame, int index, float[] values, int n) {
        if (d.spec().allowNonFinite()) {
            Floats.read(frame, index, values, 0, n);
        } else if (!Floats.readFinite(frame, index, values, 0, n)) {
            throw new ShoalException(ErrorCode.NON_FINITE_GRADIENT, "push to " + d.spec() + " holds NaN or Inf at "
                    + "value " + Floats.firstNonFinite(values, 0, n)
                    + "; nothing was applied (TableSpec.allowNonFinite to accept)");
        }
    }

    static ShoalException malformed(TableDescriptor d, String why) {
        return new ShoalException(ErrorCode.MALFORMED_FRAME, "request for " + d.spec() + ": " + why);
    }
}
