package dev.shoal.server.table;

import dev.shoal.protocol.table.TableDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.BitSet;

/**
 * This server's part of one table: the slices or partitions it owns, their optimizer state, and (under BSP) the
 * sums of the rounds being collected.
 *
 * <pre>{@code
 * ServerTable t = ServerTable.create(descriptor, serverId);
 * t.push(frame, worker, clock, aggregate);               // throws ShoalException on bad input, applies nothing
 * ByteBuf reply = t.pull(alloc, frame, minClock);
 * }</pre>
 *
 * <p>Implementations are thread-safe: several event loops call them at once.
 */
public interface ServerTable {

    static ServerTable create(TableDescriptor d, int serverId) {
        return d.spec().isDense() ? new DenseTablePart(d, serverId) : new SparseTablePart(d, serverId);
    }

    TableDescriptor descriptor();

    /**
     * Checks and applies (or, when {@code aggregate}, adds to round {@code clock}'s sum) the values a push carries.
     * Either everything in the frame is taken or nothing is.
     */
    void push(ByteBuf frame, int worker, int clock, boolean aggregate);

    /** The reply to a pull (or the pull half of a push-pull) with the values as they are now. */
    ByteBuf pull(ByteBufAllocator alloc, ByteBuf frame, int minClock);

    /** BSP: applies the average of round {@code round}'s sum; {@code live} are the workers alive now. */
    void applyRound(int round, BitSet live);

    /** Bytes of parameters and optimizer state held here. */
    long bytes();
}
