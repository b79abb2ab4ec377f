package dev.shoal.eval.check;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableSpec;

/**
 * Waits until every live worker has reached this worker's clock, whatever the job's rule: a pull of a one-element
 * BSP table at clock c is served only once the slowest live worker has finished c clocks.
 */
final class Barrier {
    private Barrier() {
    }

    static void await(ShoalClient ps) {
        DenseTable barrier = ps.dense(TableSpec.dense("_barrier", 1).consistency(Consistency.bsp()));
        barrier.pull(new float[1]);
    }
}
