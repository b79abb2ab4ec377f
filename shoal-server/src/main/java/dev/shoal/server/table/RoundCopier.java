package dev.shoal.server.table;

import dev.shoal.protocol.table.TableDescriptor;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How the primary of a chain of a replicated BSP table copies a closed round to the chain's backups (replication
 * after aggregation): the round's sum as REPLICATE frames, then ROUND_CLOSE with the scale and the request ids
 * summed. Implemented over the server's replica links; a server without them copies nothing.
 *
 * <pre>{@code
 * CompletableFuture<Void> held = copier.copy(d, owner, round, scale, ids, backups, sum::writeFrames);
 * sum.applyAverage(scale);       // the primary's own apply, after the sum was written out
 * held.thenRun(commit);          // every backup holds the round (or left service)
 * }</pre>
 */
public interface RoundCopier {
    /** Copies nothing: a handler without replica links (tests). */
    RoundCopier NONE = (d, owner, round, scale, ids, backups, sums) -> CompletableFuture.completedFuture(null);

    /**
     * Sends each frame {@code sums} writes (its consumer owns them) to every one of {@code backups}, then the round's
     * close; completes when every backup has acknowledged the close or is out of service. Called under the chain's
     * monitor, so the frames leave in round order.
     */
    CompletableFuture<Void> copy(TableDescriptor d, int owner, int round, float scale, long[] ids, int[] backups,
                                 Consumer<Consumer<ByteBuf>> sums);
}
