package dev.shoal.server.consistency;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.BitSet;

/**
 * The clock of every worker as this server has seen it, and which workers are alive. Not thread-safe: the
 * {@link ClockGate} owns it under its lock.
 *
 * <pre>{@code
 * VectorClock vc = new VectorClock();
 * vc.setLive(new int[] {0, 1});
 * vc.advance(0, 1);          // worker 0 finished clock 0
 * int slowest = vc.min();    // 0 until worker 1 finishes too
 * }</pre>
 *
 * <p>A worker's clock is the number of iterations it has finished; every worker starts at 0. Only live workers
 * count towards {@link #min()}, so a dead worker stops holding the others back.
 */
public final class VectorClock {
    private final Int2IntOpenHashMap clocks = new Int2IntOpenHashMap();
    private final BitSet live = new BitSet();
    private boolean known;

    /** Replaces the live set (from a new cluster view). */
    public void setLive(int[] workers) {
        live.clear();
        for (int w : workers) {
            live.set(w);
        }
        known = true;
    }

    /** True once a cluster view has told us who is alive. */
    public boolean isKnown() {
        return known;
    }

    /** Records that {@code worker} has reached {@code clock}; clocks never go back. */
    public void advance(int worker, int clock) {
        if (clock > clocks.get(worker)) {
            clocks.put(worker, clock);
        }
    }

    /** Every worker's clock heard so far: {@code {workers, clocks}}, in no particular order. */
    public int[][] known() {
        int[] workers = new int[clocks.size()];
        int[] values = new int[clocks.size()];
        int i = 0;
        for (var e : clocks.int2IntEntrySet()) {
            workers[i] = e.getIntKey();
            values[i++] = e.getIntValue();
        }
        return new int[][] {workers, values};
    }

    /** Smallest clock among live workers; {@link Integer#MAX_VALUE} when none is alive. */
    public int min() {
        int m = Integer.MAX_VALUE;
        for (int w = live.nextSetBit(0); w >= 0; w = live.nextSetBit(w + 1)) {
            m = Math.min(m, clocks.get(w));
        }
        return m;
    }

    public BitSet live() {
        return (BitSet) live.clone();
    }
}
