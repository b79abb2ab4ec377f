package dev.shoal.server.consistency;

import dev.shoal.protocol.table.Consistency;
import java.util.BitSet;

/**
 * Decides when a request may proceed under the table's rule, from the clocks of the live workers.
 *
 * <pre>{@code
 * ClockGate gate = new ClockGate(roundListener);
 * gate.onView(liveWorkers);
 * if (gate.mayPull(table.consistency(), workerClock)) serve(); else park();
 * gate.onClock(worker, newClock);   // may apply BSP rounds and open parked requests
 * }</pre>
 *
 * <ul>
 *   <li>ASP: always.</li>
 *   <li>SSP(s): a pull at clock c waits until every live worker has reached c - s.</li>
 *   <li>BSP: a pull at clock c waits until every live worker has reached c and rounds up to c - 1 are applied;
 *       a push for clock c waits while c is more than one round ahead of the slowest worker (so at most two rounds
 *       are ever being summed).</li>
 * </ul>
 * {@link #min()} is published only after the BSP rounds below it have been applied, so a pull that sees it open
 * reads the applied values.
 */
public final class ClockGate {
    /** Told when the slowest live worker moves from {@code from} to {@code to}, before the gate opens. */
    public interface RoundListener {
        void roundsCompleted(int from, int to, BitSet live);

        /** The gate may have opened: parked requests should be tried again. */
        void gateMoved();
    }

    private final VectorClock clocks = new VectorClock();
    private final RoundListener listener;
    private volatile int min = Integer.MIN_VALUE;
    private volatile int lastLiveMin = Integer.MIN_VALUE;

    public ClockGate(RoundListener listener) {
        this.listener = listener;
    }

    /**
     * The slowest live worker's clock, or {@link Integer#MIN_VALUE} until the first view arrives; once no worker
     * is live, {@link Integer#MAX_VALUE}, which opens every gate (nobody is left to wait for).
     */
    public int min() {
        return min;
    }

    /**
     * The slowest live worker's clock as a figure to report: {@link #min()}, except that once every worker has
     * left it stays at the clock the slowest of them had reached, rather than reading {@link Integer#MAX_VALUE}.
     * {@link Integer#MIN_VALUE} until the first view arrives.
     */
    public int lastLiveMin() {
        return lastLiveMin;
    }

    public boolean mayPull(Consistency rule, int clock) {
        return switch (rule.mode()) {
            case ASP -> true;
            case SSP -> (long) min >= (long) clock - rule.staleness();
            case BSP -> min >= clock;
        };
    }

    /** BSP only: whether a push for {@code clock} may be summed now (at most one round ahead of the slowest). */
    public boolean mayAccumulate(int clock) {
        return (long) clock <= (long) min + 1;
    }

    /** The clock of every worker this gate has heard from: {@code {workers, clocks}}, for a rejoining replica. */
    public synchronized int[][] knownClocks() {
        return clocks.known();
    }

    /** The live workers of the latest view. */
    public synchronized BitSet live() {
        return clocks.live();
    }

    /** A new cluster view: the live set changed. */
    public void onView(int[] liveWorkers) {
        synchronized (this) {
            clocks.setLive(liveWorkers);
            publish();
        }
        listener.gateMoved();
    }

    /** {@code worker} has finished clock {@code newClock - 1}. */
    public void onClock(int worker, int newClock) {
        boolean moved;
        synchronized (this) {
            clocks.advance(worker, newClock);
            moved = publish();
        }
        if (moved) {
            listener.gateMoved();
        }
    }

    private boolean publish() {
        if (!clocks.isKnown()) {
            return false;
        }
        int next = clocks.min();
        int prev = min;
        if (next <= prev) {
            return false;
        }
        // Clocks may arrive before the first view (they are recorded, gated requests wait): rounds start at 0.
        int from = prev == Integer.MIN_VALUE ? 0 : prev;
        if (next != Integer.MAX_VALUE && next > from) {
            listener.roundsCompleted(from, next, clocks.live());
        }
        if (next != Integer.MAX_VALUE) {
            lastLiveMin = next;
        }
        min = next;
        return true;
    }
}
