package dev.shoal.server.table;

/**
 * One BSP round's sum in a table part's own storage: what dense and sparse parts do differently under BSP. How a
 * contribution is added is the implementation's own method (dense: a range of a slice; sparse: rows by key); the
 * rest of the round, who contributed, parity, staleness, applying once, is {@link BspRounds}.
 *
 * <pre>{@code
 * final class Sums implements RoundSum {
 *     void add(...)                           { ... }   // called between BspRounds.enter and exit
 *     public void applyAverage(float scale)   { ... }   // called by BspRounds.close, once per round
 * }
 * }</pre>
 */
interface RoundSum {
    /**
     * Applies {@code sum * scale} to the part's parameters, one optimizer step per slice or row that was added to,
     * then empties the sum for the round two rounds on. Applies nothing when nothing was added.
     */
    void applyAverage(float scale);
}
