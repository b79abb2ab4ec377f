package dev.shoal.server.table;

import dev.shoal.protocol.table.TableDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.BitSet;

/**
 * This server's part of one table: the slices or partitions it owns, their optimizer state, and (under BSP) the
 * sums of the rounds being collected ({@link BspRounds}, the same for both kinds).
 *
 * <pre>{@code
 * ServerTable t = ServerTable.create(descriptor, serverId, 0);
 * t.push(frame, worker, clock);                  // throws ShoalException on bad input, applies nothing
 * ByteBuf reply = t.pull(alloc, frame, minClock);
 * t.closeRound(clock, liveWorkers);              // BSP: at the barrier
 * }</pre>
 *
 * <p>Implementations are thread-safe: several event loops call them at once.
 */
public interface ServerTable {

    /**
     * The part of {@code d} that server {@code serverId} holds; under BSP its first round is
     * {@code firstOpenRound} (the rounds before it closed before the table existed).
     */
    static ServerTable create(TableDescriptor d, int serverId, int firstOpenRound) {
        return d.spec().isDense() ? new DenseTablePart(d, serverId, firstOpenRound)
                : new SparseTablePart(d, serverId, firstOpenRound);
    }

    TableDescriptor descriptor();

    /**
     * Checks and applies (under BSP: adds to round {@code clock}'s sum) the values a push carries. Either
     * everything in the frame is taken or nothing is; a BSP push for a round already applied is refused
     * ({@code STALE_PUSH}).
     */
    void push(ByteBuf frame, int worker, int clock);

    /** The reply to a pull (or the pull half of a push-pull) with the values as they are now. */
    ByteBuf pull(ByteBufAllocator alloc, ByteBuf frame, int minClock);

    /**
     * BSP: closes round {@code round}, applying the average of its sum once; {@code live} are the workers alive
     * now. Does nothing for a table that does not aggregate.
     */
    void closeRound(int round, BitSet live);

    /** Bytes of parameters and optimizer state held here. */
    long bytes();
}
