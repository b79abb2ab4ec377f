package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.table.TableDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.BitSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This server's part of one table: the slices or partitions it owns, their optimizer state, and (under BSP) the
 * sums of the rounds being collected ({@link ChainRounds}, the same for both kinds).
 *
 * <pre>{@code
 * ServerTable t = ServerTable.create(descriptor, serverId, 0, view, services);
 * t.push(frame, worker, clock);                  // throws ShoalException on bad input, applies nothing
 * int[] copies = t.backupsFor(frame);            // replicated tables: where the primary forwards it
 * t.applyReplica(frame);                         // on a backup: what a primary forwarded
 * ByteBuf reply = t.pull(alloc, frame, minClock);
 * t.gateMoved(slowestClock, liveWorkers);        // BSP: closes, applies and copies rounds
 * }</pre>
 *
 * <p>Implementations are thread-safe: several event loops call them at once.
 */
public interface ServerTable {

    /**
     * The part of {@code d} that server {@code serverId} holds (every unit it is a replica of, primary or not, in
     * {@code view}'s job); under BSP its first round is {@code firstOpenRound} (the rounds before it closed before
     * the table existed).
     */
    static ServerTable create(TableDescriptor d, int serverId, int firstOpenRound, ClusterView view,
                              RoundServices services) {
        return d.spec().isDense() ? new DenseTablePart(d, serverId, firstOpenRound, view, services)
                : new SparseTablePart(d, serverId, firstOpenRound, view, services);
    }

    /** A new view: which units this server answers for (is primary of) may have changed. */
    void onView(ClusterView view);

    /**
     * The servers a primary forwards this request's values to, so that every replica in service holds them (do not
     * modify the array): a dense slice's backups; for a sparse request, the servers that may hold backups of its
     * partitions (each keeps the rows it holds). Empty for a table of one replica.
     */
    int[] backupsFor(ByteBuf frame);

    /**
     * Applies, on a backup, the values of a push (or of the push half of a push-pull) that a primary applied and
     * forwarded: checked as {@link #push} checks them; a dense slice must be held here, and of a sparse request only
     * the rows of the partitions held here are kept. Runs {@code whileLocked} as {@link #push} does (also when no
     * row was kept). Not for tables that aggregate (BSP).
     */
    void applyReplica(ByteBuf frame, Runnable whileLocked);

    TableDescriptor descriptor();

    /**
     * Checks and applies (under BSP: adds to round {@code clock}'s sum) the values a push carries. Either
     * everything in the frame is taken or nothing is; a BSP push for a round already applied is refused
     * ({@code STALE_PUSH}), and one for a unit this server is not primary of ({@code NOT_OWNER}).
     */
    default void push(ByteBuf frame, int worker, int clock) {
        push(frame, worker, clock, null);
    }

    /**
     * {@link #push}, running {@code whileLocked} right after the values are applied and before any other update of
     * the units they touch (a primary sends its copies there: see {@code DenseSlice.apply}); under BSP, where the
     * values are only summed (and copied once the round closes), it runs after the sum.
     */
    void push(ByteBuf frame, int worker, int clock, Runnable whileLocked);

    /**
     * Sends {@code send} the state of every unit this server ({@code self}) is primary of in {@code view} and server
     * {@code joiner} holds, as STATE frames made with {@code alloc} and request ids from {@code ids}, then the frame
     * {@code appliedIds} makes (the request ids applied here), all while holding the locks of those units: the ids
     * and the state are of the same instant. Sends nothing when there is no such unit.
     */
    void exportTo(int self, int joiner, ClusterView view, ByteBufAllocator alloc, LongSupplier ids,
                  Supplier<ByteBuf> appliedIds, Consumer<ByteBuf> send);

    /** Takes a STATE frame of this table's units from their primary (this server is rejoining). */
    void importState(ByteBuf frame);

    /**
     * This server is rejoining under {@code view}: the units it holds of which no replica is in service lost their
     * state with their servers, and are refused (UNAVAILABLE) from now on rather than served from fresh values.
     */
    void markLost(ClusterView view);

    /**
     * Runs {@code r} under the lock of what {@code frame} (a push) updates, as {@link #push(ByteBuf, int, int,
     * Runnable)} runs its {@code whileLocked}: a primary sends the copies of a push it had applied already from
     * there, so that they cannot land in the middle of a rejoining replica's snapshot.
     */
    void runLocked(ByteBuf frame, Runnable r);

    /**
     * Refuses ({@code NOT_OWNER}) a request addressing a unit this server is not primary of; for a push seen before,
     * which is not applied again but must still be acknowledged only by the primary.
     */
    void requirePrimary(ByteBuf frame);

    /** The reply to a pull (or the pull half of a push-pull) with the values as they are now. */
    ByteBuf pull(ByteBufAllocator alloc, ByteBuf frame, int minClock);

    /** The BSP chains of this part ({@link PartChains}); null for a table that does not aggregate. */
    PartChains<?> chains();

    /**
     * BSP: whether a push for round {@code clock} to the units {@code frame} addresses may be summed now (at most one
     * round past the last one every replica holds); else it waits. True for other tables.
     */
    default boolean acceptsRound(ByteBuf frame, int clock) {
        return true;
    }

    /** BSP: whether the rounds before {@code clock} are applied to what {@code frame} reads. True for other tables. */
    default boolean appliedBefore(ByteBuf frame, int clock) {
        return true;
    }

    /** BSP: the gate moved (every live worker's clock is at least {@code min}): closes the rounds that may close. */
    default void gateMoved(int min, BitSet live) {
        if (chains() != null) {
            chains().gateMoved(min, live);
        }
    }

    /** BSP: {@code worker} sent chain {@code owner} {@code pushes} push frames in round {@code round}. */
    default void announce(int owner, int worker, int round, int pushes) {
        if (chains() != null) {
            chains().announce(owner, worker, round, pushes);
        }
    }

    /** BSP: the lowest round not yet held by every replica, over the chains this server is primary of. */
    default int committedFloor() {
        return chains() == null ? Integer.MAX_VALUE : chains().committedFloor();
    }

    /**
     * BSP, on a backup: adds a copied round's sum ({@code frame}, a push frame whose clock is the round, copied
     * under layout epoch {@code epoch}) to the round of the chain it addresses; skipped when that round is applied
     * here already. A copy under a newer epoch than the sum's first starts the sum over (the primary sends the whole
     * round again).
     */
    void applyRoundSum(ByteBuf frame, int epoch);

    /** BSP, on a backup: the primary closed round {@code round} of chain {@code owner} with {@code scale}. */
    default void applyRoundClose(int owner, int round, float scale) {
        if (chains() == null) {
            throw Checks.malformed(descriptor(), "ROUND_CLOSE for a table that does not aggregate");
        }
        chains().applyCopiedClose(owner, round, scale);
    }

    /** Bytes of parameters and optimizer state held here. */
    long bytes();
}
