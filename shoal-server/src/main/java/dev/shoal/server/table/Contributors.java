package dev.shoal.server.table;

import java.util.BitSet;

/**
 * Which workers pushed to a table in each open BSP round (two at most, indexed by round parity). A round's
 * average divides its sum by the workers alive at the barrier plus any that contributed and died since.
 */
final class Contributors {
    private final BitSet[] byParity = {new BitSet(), new BitSet()};

    synchronized void mark(int round, int worker) {
        byParity[round & 1].set(worker);
    }

    /** The factor that turns round {@code round}'s sum into its average; forgets the round. */
    synchronized float takeScale(int round, BitSet live) {
        BitSet all = byParity[round & 1];
        all.or(live);
        float scale = 1f / Math.max(1, all.cardinality());
        all.clear();
        return scale;
    }
}
