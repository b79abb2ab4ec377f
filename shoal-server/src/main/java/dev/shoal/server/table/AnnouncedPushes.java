package dev.shoal.server.table;

import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.BitSet;

/**
 * How many push frames each worker said (in its CLOCK) it sent one chain in each round not yet committed: what tells
 * a chain's primary, above all a new one collecting a round again, that it has every push of the round.
 *
 * <pre>{@code
 * AnnouncedPushes announced = new AnnouncedPushes();
 * announced.put(worker, round, pushes);                       // from CLOCK round+1
 * if (announced.arrived(round, liveWorkers, receivedByWorker)) close(round);
 * announced.dropBelow(committed);
 * }</pre>
 *
 * <p>Not thread-safe: its chain guards it.
 */
final class AnnouncedPushes {
    /** Pushes announced per round, per worker. */
    private final Int2ObjectOpenHashMap<Int2IntOpenHashMap> byRound = new Int2ObjectOpenHashMap<>();

    /** {@code worker} sent {@code pushes} push frames in {@code round} (none: nothing to wait for). */
    void put(int worker, int round, int pushes) {
        if (pushes > 0) {
            byRound.computeIfAbsent(round, r -> new Int2IntOpenHashMap()).put(worker, pushes);
        }
    }

    /**
     * Whether every live worker's announced pushes for {@code round} have arrived ({@code received}: counts by worker,
     * read under the caller's lock of it).
     */
    boolean arrived(int round, BitSet live, Int2IntOpenHashMap received) {
        Int2IntOpenHashMap expected = byRound.get(round);
        if (expected == null) {
            return true;
        }
        for (Int2IntMap.Entry e : expected.int2IntEntrySet()) {
            if (live.get(e.getIntKey()) && received.get(e.getIntKey()) < e.getIntValue()) {
                return false;
            }
        }
        return true;
    }

    /** The announcements of {@code round}, for a log line; null when none. */
    Object of(int round) {
        return byRound.get(round);
    }

    /** Forgets the rounds below {@code round} (committed: nobody will collect them again). */
    void dropBelow(int round) {
        byRound.keySet().removeIf(r -> r < round);
    }

    /** Every announcement as {@code {round, worker, pushes}} rows, for a rejoining server's STATE. */
    int[][] rows() {
        int n = 0;
        for (Int2IntOpenHashMap m : byRound.values()) {
            n += m.size();
        }
        int[][] rows = {new int[n], new int[n], new int[n]};
        int i = 0;
        for (var r : byRound.int2ObjectEntrySet()) {
            for (Int2IntMap.Entry e : r.getValue().int2IntEntrySet()) {
                rows[0][i] = r.getIntKey();
                rows[1][i] = e.getIntKey();
                rows[2][i++] = e.getIntValue();
            }
        }
        return rows;
    }
}
