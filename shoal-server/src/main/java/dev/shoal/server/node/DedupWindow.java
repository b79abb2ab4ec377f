package dev.shoal.server.node;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;

/**
 * The ids of the last {@code capacity} pushes applied, so that a retried push (same request id) is acknowledged
 * without being applied twice.
 *
 * <pre>{@code
 * if (!dedup.firstTime(requestId)) { ack(); return; }      // claims the id: a concurrent repeat sees it taken
 * table.push(frame, worker, clock, () -> dedup.commit(requestId));   // recorded under the unit's lock
 * }</pre>
 *
 * <p>An id is claimed before its push is applied and committed once it is, under the lock of what the push updated;
 * {@link #snapshot} returns committed ids only. A rejoining replica takes a unit's state and these ids while the
 * primary holds the unit's locks, so every id it learns is in the state it took, and every push in that state has
 * its id among them: it will neither apply a resent push twice nor skip one it lacks.
 */
final class DedupWindow {
    private final long[] ring;
    /** Claimed and committed ids; committed ones are also in {@link #ring}. */
    private final LongOpenHashSet seen;
    private int next;
    private int committed;

    DedupWindow(int capacity) {
        this.ring = new long[capacity];
        this.seen = new LongOpenHashSet(capacity * 2);
    }

    /** True the first time {@code id} is offered (and claims it); false for a repeat within the window. */
    synchronized boolean firstTime(long id) {
        return seen.add(id);
    }

    /** Whether {@code id} is claimed or applied (a BSP chain asks for a push whose round closed already). */
    synchronized boolean contains(long id) {
        return seen.contains(id);
    }

    /** Records a claimed id as applied: from now on it is in {@link #snapshot}; the oldest one may drop out. */
    synchronized void commit(long id) {
        if (committed == ring.length) {
            seen.remove(ring[next]);
        } else {
            committed++;
        }
        ring[next] = id;
        next = (next + 1) % ring.length;
    }

    /** The committed ids remembered now, oldest first: what a rejoining replica must know too. */
    synchronized long[] snapshot() {
        long[] out = new long[committed];
        int start = committed < ring.length ? 0 : next;
        int n = 0;
        for (int i = 0; i < committed; i++) {
            long id = ring[(start + i) % ring.length];
            if (seen.contains(id)) {
                out[n++] = id;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Claims and commits {@code ids[0, n)} (a rejoining replica taking its primary's window). */
    synchronized void addAll(long[] ids, int n) {
        for (int i = 0; i < n; i++) {
            if (seen.add(ids[i])) {
                commit(ids[i]);
            }
        }
    }

    /** Forgets a claimed {@code id} whose push was refused, so that a corrected retry is applied. */
    synchronized void forget(long id) {
        seen.remove(id);
    }
}
