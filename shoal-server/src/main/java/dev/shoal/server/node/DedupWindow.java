package dev.shoal.server.node;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/**
 * The ids of the last {@code capacity} pushes applied, so that a retried push (same request id) is acknowledged
 * without being applied twice.
 *
 * <pre>{@code
 * if (!dedup.firstTime(requestId)) { ack(); return; }
 * }</pre>
 */
final class DedupWindow {
    private final long[] ring;
    private final LongOpenHashSet seen;
    private int next;

    DedupWindow(int capacity) {
        this.ring = new long[capacity];
        this.seen = new LongOpenHashSet(capacity * 2);
    }

    /** True the first time {@code id} is offered (and records it); false for a repeat within the window. */
    synchronized boolean firstTime(long id) {
        if (!seen.add(id)) {
            return false;
        }
        if (seen.size() > ring.length) {
            seen.remove(ring[next]);
        }
        ring[next] = id;
        next = (next + 1) % ring.length;
        return true;
    }

    /** Forgets {@code id}, e.g. when the push it named was refused, so a corrected retry is applied. */
    synchronized void forget(long id) {
        seen.remove(id);
    }
}
