package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.server.optim.Optimizers;

/**
 * Refuses a dense table whose share on this server would not fit in the heap, when the table is created, with a
 * message saying how much it needs and what to do, instead of an OutOfMemoryError in the middle of training
 * (the most common complaint about Java parameter servers). Sparse tables grow with use and are not estimated.
 */
final class MemoryBudget {
    /** Heap kept free for frames, scratch arrays and everything else a server allocates. */
    private static final double HEADROOM = 0.9;

    private MemoryBudget() {
    }

    static void require(TableDescriptor d, int serverId, ClusterView view) {
        long need = bytesHere(d, serverId, view);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free * HEADROOM) {
            throw new ShoalException(ErrorCode.RESOURCE_EXHAUSTED, d.spec() + " needs " + mib(need) + " MiB on server "
                    + serverId + " (parameters, optimizer state" + (d.consistency().aggregates() ? ", BSP sums" : "")
                    + ") but only " + mib(free) + " MiB of its heap is free: give the servers more heap "
                    + "(SHOAL_JAVA_OPTS=-Xmx...) or add servers");
        }
    }

    /**
     * Bytes the slices this server holds (as primary or backup) take: parameters, one array per optimizer state
     * slot, two BSP sums.
     */
    static long bytesHere(TableDescriptor d, int serverId, ClusterView view) {
        if (!d.spec().isDense()) {
            return 0;
        }
        long floats = 0;
        for (int s = 0; s < d.units(); s++) {
            if (view.holds(d, s, serverId)) {
                floats += d.sliceSize(s);
            }
        }
        int arrays = 1 + Optimizers.create(d.spec().optimizer()).stateSlots() + (d.consistency().aggregates() ? 2 : 0);
        return floats * arrays * Float.BYTES;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
