package dev.shoal.server.table;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BSP rounds of one chain of a table part (the units of one owner, which share their replicas and so their
 * primary), the same for dense and sparse parts: which workers contributed to each round, the two rounds that may be
 * open at once (their sums indexed by the round's parity), and when a round closes, is applied, and is held by every
 * replica (committed).
 *
 * <pre>{@code
 * ChainRounds<Sums> c = new ChainRounds<>(owner, table, new Sums(), new Sums(), firstRound, closer);
 * c.setPrimary(view.primaryOf(d, unit) == self);    // at every view
 * Sums sum = c.enter(round, worker, requestId);       // NOT_OWNER, STALE_PUSH; then add to the sum
 * try { sum.add(...); } finally { c.exit(round); }
 * c.announce(worker, round, pushes);                  // from the worker's CLOCK
 * c.gateMoved(slowestClock, liveWorkers);             // closes what may close: applied once, then copied
 * }</pre>
 *
 * <p>A round r closes on the chain's primary once every live worker has clocked past r (the gate), every push each
 * announced for r has arrived, and round r-1 is committed. The {@link Closer} applies its average and copies the
 * aggregate to the backups (replication after aggregation: one copy of the round, not one per worker's push); the
 * round is committed when they all hold it. So at most two rounds are ever uncommitted, which is what lets a new
 * primary collect them again: workers keep their pushes of uncommitted rounds and resend them after a fail-over, and
 * the push counts they announced tell the new primary when it has them all.
 *
 * <p>Locks: pushes enter under the read lock (the sums have their own locks); moving the round boundary or the role
 * takes the write lock, so once it is moved no push is still adding to a round being closed or reset. Closing,
 * applying a copied round and exporting the chain's state hold this object's monitor, so that a rejoining server's
 * snapshot is taken between rounds, never in the middle of one's apply.
 */
final class ChainRounds<S extends RoundSum> {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRounds.class);

    /** How a closed round leaves the primary: applied here, then copied to the backups. */
    interface Closer<S> {
        /**
         * Copies round {@code round} of chain {@code owner} ({@code sum}, request ids {@code ids}) to the backups,
         * applies {@code sum * scale} here, and completes once every backup holds it (at once without backups).
         * Runs under the chain's monitor.
         */
        CompletableFuture<Void> close(int owner, int round, float scale, long[] ids, S sum);
    }

    final int owner;
    private final String table;
    private final Object[] sums;
    private final BitSet[] contributors = {new BitSet(), new BitSet()};
    /** The request ids summed in each open round: the chain's own until the close hands them to the server's. */
    private final LongOpenHashSet[] ids = {new LongOpenHashSet(), new LongOpenHashSet()};
    private final Int2IntOpenHashMap[] received = {new Int2IntOpenHashMap(), new Int2IntOpenHashMap()};
    /** Pushes announced per round, per worker, for rounds not committed. Guarded by this. */
    private final AnnouncedPushes announced = new AnnouncedPushes();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Closer<S> closer;
    private final IntConsumer onCommit;
    private final RoundServices services;
    private volatile boolean primary;
    /** Rounds below this are closed here: no push enters them any more. Written under the write lock. */
    private volatile int firstOpen;
    /** Rounds below this are applied here (set once a closed round's apply has returned): reads may see them. */
    private volatile int applied;
    /** Rounds below this are held by every replica. */
    private volatile int committed;
    /** The gate: every live worker's clock is at least this. Guarded by this. */
    private int gateMin = Integer.MIN_VALUE;
    private BitSet live = new BitSet();
    /** On a backup, the layout epoch of the copies summed in each parity. Guarded by this. */
    private final int[] sumEpoch = {Integer.MIN_VALUE, Integer.MIN_VALUE};
    /** A closed round awaits its backups' acknowledgements. Guarded by this. */
    private boolean closing;
    private int reportedWait = -1;
    /** Bumped at each change of role, so that a late acknowledgement of a round closed before it is ignored. */
    private int generation;
    /**
     * False on a rejoining server until its primary's state arrives ({@link #restore}): copies of rounds that
     * arrive before it are skipped, as the state has them.
     */
    private volatile boolean synced;

    /**
     * Rounds of chain {@code owner} of {@code table}, from {@code firstRound}; {@code onCommit} hears every apply and commit.
     * {@code synced} is false on a rejoining server (see {@link #restore}).
     */
    ChainRounds(int owner, String table, S even, S odd, int firstRound, boolean synced, Closer<S> closer,
                IntConsumer onCommit, RoundServices services) {
        this.owner = owner;
        this.services = services;
        this.synced = synced;
        this.table = table;
        this.sums = new Object[] {even, odd};
        this.firstOpen = firstRound;
        this.applied = firstRound;
        this.committed = firstRound;
        this.closer = closer;
        this.onCommit = onCommit;
    }

    boolean isPrimary() {
        return primary;
    }

    /** Rounds below this are held by every replica of the chain. */
    int committed() {
        return committed;
    }

    /**
     * Whether a push for {@code round} may be summed now: at most one round past the last committed. True on a
     * server that is not the chain's primary: the push is refused (NOT_OWNER) at once rather than parked, as nothing
     * would wake it (a backup's commits move no gate).
     */
    boolean accepts(int round) {
        return !primary || (long) round <= (long) committed + 1;
    }

    /**
     * Whether every round before {@code clock} is applied here (a BSP read at {@code clock} may be answered); true
     * on a server that is not the chain's primary, which refuses the read at once.
     */
    boolean appliedBefore(int clock) {
        return !primary || applied >= clock;
    }

    /**
     * Starts adding a worker's push (request {@code id}) to round {@code round}: returns the round's sum, to add to
     * before {@link #exit(int)}, or null, taking nothing, for a push summed or applied already (a resend: it is
     * acknowledged again). Refuses, taking nothing, a push for a round already applied that was not in it
     * (STALE_PUSH) or when this server is no longer the chain's primary (NOT_OWNER).
     */
    @SuppressWarnings("unchecked")
    S enter(int round, int worker, long id) {
        lock.readLock().lock();
        try {
            if (!primary) {
                throw new ShoalException(ErrorCode.NOT_OWNER, "the units of owner " + owner + " of " + table
                        + " are no longer answered by this server");
            }
            if (round < firstOpen && services.applied().test(id)) {
                return null;
            }
            if (round < firstOpen) {
                throw new ShoalException(ErrorCode.STALE_PUSH, "push for clock " + round + " to " + table
                        + " arrived after that round was applied (rounds before " + firstOpen + " are applied); "
                        + "the worker was probably declared dead meanwhile");
            }
            if ((long) round > (long) committed + 1) {
                throw new IllegalStateException("push for round " + round + " of " + table + " while round "
                        + committed + " is not committed: the gate let a push more than one round ahead");
            }
            int p = round & 1;
            synchronized (contributors[p]) {
                if (!ids[p].add(id)) {
                    return null;
                }
                contributors[p].set(worker);
                received[p].addTo(worker, 1);
            }
            return (S) sums[p];
        } catch (RuntimeException e) {
            lock.readLock().unlock();
            throw e;
        }
    }

    /**
     * Ends what {@link #enter} started for round {@code round}, whether the add succeeded or not. A push for a round
     * the gate has passed is one a new primary is collecting again: it may be the last that round waited for.
     */
    void exit(int round) {
        lock.readLock().unlock();
        if (round < gateMinNow()) {
            tryClose();
        }
    }

    private synchronized int gateMinNow() {
        return gateMin;
    }

    /**
     * A push of {@code worker} for {@code round} that this primary refused for good (bad values): it will not come
     * again, so it counts as arrived.
     */
    void refused(int round, int worker) {
        if (round >= firstOpen && accepts(round)) {
            int p = round & 1;
            synchronized (contributors[p]) {
                received[p].addTo(worker, 1);
            }
            if (round < gateMinNow()) {
                tryClose();
            }
        }
    }

    /** {@code worker} said (in its CLOCK) it sent this chain {@code pushes} pushes for {@code round}. */
    synchronized void announce(int worker, int round, int pushes) {
        if (round >= committed && pushes > 0) {
            announced.put(worker, round, pushes);
        }
    }

    /** Every live worker's clock is at least {@code min}: closes the rounds that may close now. */
    void gateMoved(int min, BitSet liveWorkers) {
        synchronized (this) {
            gateMin = Math.max(gateMin, min);
            live = (BitSet) liveWorkers.clone();
        }
        tryClose();
    }

    /**
     * A new role after a change of layout. When the primary changes, the rounds open here start over: a new
     * primary collects them again from the workers' resent pushes; a server that stopped being primary drops what it
     * had summed (a backup's sum of a copied round whose close never came, or an old primary's open rounds).
     */
    void setPrimary(boolean isPrimary) {
        synchronized (this) {
            if (isPrimary == primary) {
                return;
            }
            lock.writeLock().lock();
            try {
                primary = isPrimary;
                generation++;
                closing = false;
                for (int p = 0; p < 2; p++) {
                    ((RoundSum) sums[p]).clear();
                    contributors[p].clear();
                    ids[p].clear();
                    received[p].clear();
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
        tryClose();
    }

    /** Closes every round that may close now, in order, each once its predecessor is committed. */
    @SuppressWarnings("unchecked")
    void tryClose() {
        boolean any = false;
        synchronized (this) {
            while (primary && !closing) {
                int r = firstOpen;
                if (r >= gateMin || committed < r || !pushesArrived(r)) {
                    if (r < gateMin && r != reportedWait && LOG.isDebugEnabled()) {
                        reportedWait = r;
                        LOG.debug("units of owner {} of {}: round {} waits (committed {}, gate {}, pushes announced "
                                + "{}, received {})", owner, table, r, committed, gateMin, announced.of(r),
                                received[r & 1]);
                    }
                    break;
                }
                float scale;
                long[] roundIds;
                lock.writeLock().lock();
                try {
                    firstOpen = r + 1;
                    int p = r & 1;
                    BitSet all = contributors[p];
                    all.or(live);
                    scale = 1f / Math.max(1, all.cardinality());
                    all.clear();
                    roundIds = ids[p].toLongArray();
                    ids[p].clear();
                    // Before the boundary is visible: a resend of one of these pushes is then known as applied.
                    services.remember().accept(roundIds);
                    received[p].clear();
                } finally {
                    lock.writeLock().unlock();
                }
                closing = true;
                CompletableFuture<Void> held = closer.close(owner, r, scale, roundIds, (S) sums[r & 1]);
                applied = r + 1;
                any = true;
                if (held.isDone() && !held.isCompletedExceptionally()) {
                    closing = false;
                    committedLocked(r);
                    continue;
                }
                int gen = generation;
                held.whenComplete((ok, failure) -> held(r, gen, failure));
                break;
            }
        }
        if (any) {
            onCommit.accept(owner);
        }
    }

    private void held(int round, int gen, Throwable failure) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            closing = false;
            if (failure != null) {
                // Only a lost primary role fails a round's copies (the backups' links wait out everything else):
                // the next view resets this chain, and the new primary collects the round again.
                LOG.warn("round {} of the units of owner {} of {} was applied here but not copied: {}", round, owner,
                        table, failure.getMessage());
                return;
            }
            committedLocked(round);
        }
        onCommit.accept(owner);
        tryClose();
    }

    private void committedLocked(int round) {
        committed = Math.max(committed, round + 1);
        announced.dropBelow(committed);
    }

    /** Whether every push the live workers announced for {@code round} has arrived. Holds this. */
    private boolean pushesArrived(int round) {
        synchronized (contributors[round & 1]) {
            return announced.arrived(round, live, received[round & 1]);
        }
    }

    /**
     * On a backup: the sum to add a copied round's aggregate (copied under layout epoch {@code epoch}) to, until
     * {@link #exitCopy()}; null when that round is applied here already (this server applied it as primary before
     * it lost that role, or a first copy got through: the copy is skipped). A copy under a newer epoch than the
     * sum's first starts the sum over: the primary is sending the whole round again.
     */
    @SuppressWarnings("unchecked")
    S enterCopy(int round, int epoch) {
        int p = round & 1;
        synchronized (this) {
            if (epoch > sumEpoch[p] && !primary) {
                // The primary copies the whole round again under a newer layout: drop what a first try left here.
                ((RoundSum) sums[p]).clear();
                sumEpoch[p] = epoch;
            }
        }
        lock.readLock().lock();
        if (!synced) {
            lock.readLock().unlock();
            return null;
        }
        if (primary || round > firstOpen) {
            lock.readLock().unlock();
            throw outOfOrder("copy", round);
        }
        if (round < firstOpen) {
            lock.readLock().unlock();
            return null;
        }
        return (S) sums[round & 1];
    }

    /**
     * A copied round this backup cannot take: sent to the chain's primary (the sender lost that role: STALE_EPOCH,
     * as a copy under an old layout is refused), or ahead of the rounds applied here (a gap: INTERNAL). Neither
     * closes the link, which carries the copies of other chains.
     */
    private ShoalException outOfOrder(String what, int round) {
        return primary
                ? new ShoalException(ErrorCode.STALE_EPOCH, what + " of round " + round + " of the units of owner "
                        + owner + " of " + table + " sent to their primary: the sender is no longer theirs")
                : new ShoalException(ErrorCode.INTERNAL, what + " of round " + round + " of the units of owner "
                        + owner + " of " + table + " before round " + firstOpen + ", the first not applied here");
    }

    void exitCopy() {
        lock.readLock().unlock();
    }

    /** On a backup: the primary closed {@code round} with {@code scale}; applies the copied sum once. */
    @SuppressWarnings("unchecked")
    void applyCopiedClose(int round, float scale) {
        synchronized (this) {
            if (!synced) {
                return;
            }
            if (primary || round > firstOpen) {
                throw outOfOrder("close", round);
            }
            if (round == firstOpen) {
                lock.writeLock().lock();
                try {
                    firstOpen = round + 1;
                } finally {
                    lock.writeLock().unlock();
                }
                ((S) sums[round & 1]).applyAverage(scale);
                applied = round + 1;
            }
            committedLocked(round);
        }
    }

    /**
     * Runs {@code export} between rounds and with no push entering, handing it the rounds applied (everything below
     * the first open round), the announced pushes of later ones as {@code {round, worker, pushes}} triples, and the
     * request ids summed in the open rounds (which the rejoining server must not count as applied: if it becomes
     * primary, it collects those rounds again).
     */
    synchronized void exportBetweenRounds(RoundsExport export) {
        lock.writeLock().lock();
        try {
            exportLocked(export);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void exportLocked(RoundsExport export) {
        int[][] rows = announced.rows();
        LongArrayList open = new LongArrayList(ids[0]);
        open.addAll(ids[1]);
        export.export(firstOpen, rows[0], rows[1], rows[2], rows[0].length, open.toLongArray());
    }

    /** What {@link #exportBetweenRounds} hands its caller. */
    interface RoundsExport {
        void export(int applied, int[] rounds, int[] workers, int[] pushes, int n, long[] openIds);
    }

    /** On a rejoining server: the primary's rounds, with its state (rounds below {@code applied} are in it). */
    synchronized void restore(int applied) {
        lock.writeLock().lock();
        try {
            firstOpen = applied;
            this.applied = applied;
            committed = applied;
            synced = true;
        } finally {
            lock.writeLock().unlock();
        }
        announced.dropBelow(applied);
    }
}
