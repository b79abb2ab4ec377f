package dev.shoal.server.table;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One BSP round's sum of one chain in a table part's own storage: what dense and sparse parts do differently under
 * BSP. How a contribution is added is the implementation's own method (dense: a range of a slice; sparse: rows by
 * key), and so is how the sum is written out as push frames for the backups; the rest of the round, who
 * contributed, parity, staleness, applying once, replication, is {@link ChainRounds}.
 *
 * <pre>{@code
 * final class Sums implements RoundSum {
 *     void add(...)                           { ... }   // called between ChainRounds.enter and exit
 *     public void copyTo(...)                 { ... }   // the primary's copy for the backups, before the apply
 *     public void applyAverage(float scale)   { ... }   // called by ChainRounds' close, once per round
 *     public void clear()                     { ... }
 * }
 * }</pre>
 */
interface RoundSum {
    /** Drops what was added (a round that starts over on a new primary). */
    void clear();

    /**
     * Applies {@code sum * scale} to the part's parameters, one optimizer step per slice or row that was added to,
     * then empties the sum for the round two rounds on. Applies nothing when nothing was added.
     */
    void applyAverage(float scale);

    /**
     * Writes the sum as push frames (dense: one per slice added to, over the range added to; sparse: rows in the
     * order they were first added) for round {@code round} of table {@code tableId}, request ids from {@code ids},
     * each handed to {@code out}, which owns it. A backup that adds them to an empty sum in that order and applies it
     * with the same scale computes the same floats as the primary.
     */
    void copyTo(ByteBufAllocator alloc, int tableId, int round, LongSupplier ids, Consumer<ByteBuf> out);
}
