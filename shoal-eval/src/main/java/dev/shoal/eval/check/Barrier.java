package dev.shoal.eval.check;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableSpec;

/**
 * Waits until every live worker has reached this worker's clock, whatever the job's rule: a pull of a one-element
 * SSP(0) table at clock c is served only once the slowest live worker has finished c clocks (SSP, not BSP, so
 * that the barrier is replicated like the tables it guards and survives a lost server).
 */
final class Barrier {
    private Barrier() {
    }

    static void await(ShoalClient ps) {
        DenseTable barrier = ps.dense(TableSpec.dense("_barrier", 1).consistency(Consistency.ssp(0)));
        barrier.pull(new float[1]);
    }
}
