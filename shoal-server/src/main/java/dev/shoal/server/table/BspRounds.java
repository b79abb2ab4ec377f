package dev.shoal.server.table;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.util.BitSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The BSP rounds of one table part, the same for dense and sparse parts: which workers contributed to each round,
 * the two rounds that may be open at once (their sums indexed by the round's parity), refusing a push whose round
 * was already applied ({@link ErrorCode#STALE_PUSH}), and applying each round's average exactly once when the
 * {@code ClockGate} closes it. The storage of a round's sum is the part's {@link RoundSum}.
 *
 * <pre>{@code
 * BspRounds<Sums> rounds = new BspRounds<>(spec.toString(), new Sums(), new Sums(), firstOpenRound);
 * Sums sum = rounds.enter(clock, worker);     // STALE_PUSH if round `clock` is applied already
 * try {
 *     sum.add(...);                           // the part's own storage
 * } finally {
 *     rounds.exit();
 * }
 * rounds.close(round, liveWorkers);           // at the barrier: applies sum / contributors, once
 * }</pre>
 *
 * <p>Why a read-write lock: pushes enter concurrently from several event loops (each sum has its own lock), and
 * {@link #close} takes the write lock only to move the stale boundary, so that once it returns from the lock no
 * push is still adding to the round being closed and none can start to. The average is then applied outside the
 * lock, so pushes for the next round, summed in the other parity's storage, are never held up by an apply. A push
 * two rounds ahead would reuse storage being applied; the gate never lets one through, and {@link #enter} refuses
 * it rather than mix rounds if that ever changed.
 */
final class BspRounds<S extends RoundSum> {
    private final String table;
    private final Object[] sumByParity;
    private final BitSet[] contributorsByParity = {new BitSet(), new BitSet()};
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Pushes for rounds below this are stale. Written under the write lock. */
    private int firstOpen;
    /** Rounds below this are applied and their storage reusable. */
    private volatile int applied;

    /**
     * Rounds for {@code table} (named in refusals), summed in {@code even} and {@code odd}; rounds before
     * {@code firstOpenRound} were closed before this table existed.
     */
    BspRounds(String table, S even, S odd, int firstOpenRound) {
        this.table = table;
        this.sumByParity = new Object[] {even, odd};
        this.firstOpen = firstOpenRound;
        this.applied = firstOpenRound;
    }

    /**
     * Starts adding {@code worker}'s push for round {@code round}: returns the round's sum, to add to before
     * {@link #exit()}, and counts the worker as a contributor to the round. Refuses, taking nothing, a push for a
     * round already applied.
     */
    @SuppressWarnings("unchecked")
    S enter(int round, int worker) {
        lock.readLock().lock();
        try {
            if (round < firstOpen) {
                throw new ShoalException(ErrorCode.STALE_PUSH, "push for clock " + round + " to " + table
                        + " arrived after that round was applied (rounds before " + firstOpen + " are applied); "
                        + "the worker was probably declared dead meanwhile");
            }
            if ((long) round > (long) applied + 1) {
                throw new IllegalStateException("push for round " + round + " of " + table + " while round "
                        + applied + " is still being applied: the gate let a push more than one round ahead");
            }
            BitSet contributors = contributorsByParity[round & 1];
            synchronized (contributors) {
                contributors.set(worker);
            }
            return (S) sumByParity[round & 1];
        } catch (RuntimeException e) {
            lock.readLock().unlock();
            throw e;
        }
    }

    /** Ends what {@link #enter} started, whether the add succeeded or not. */
    void exit() {
        lock.readLock().unlock();
    }

    /**
     * Closes round {@code round}: applies its sum divided by the workers alive now plus any that contributed and
     * died since (so a dead worker's last gradient is averaged, not dropped or over-weighted). A round closed
     * already is not applied again.
     */
    @SuppressWarnings("unchecked")
    void close(int round, BitSet live) {
        float scale;
        lock.writeLock().lock();
        try {
            if (round < firstOpen) {
                return;
            }
            firstOpen = round + 1;
            BitSet all = contributorsByParity[round & 1];
            all.or(live);
            scale = 1f / Math.max(1, all.cardinality());
            all.clear();
        } finally {
            lock.writeLock().unlock();
        }
        ((S) sumByParity[round & 1]).applyAverage(scale);
        applied = round + 1;
    }
}
