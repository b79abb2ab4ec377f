package dev.shoal.ml.data;

/**
 * Walks an order of samples in mini-batches, reusing one array for every batch.
 *
 * <pre>{@code
 * MiniBatches b = new MiniBatches(order, 64);
 * while (b.next()) {
 *     for (int i = 0; i < b.size(); i++) {
 *         use(b.batch()[i]);
 *     }
 * }
 * }</pre>
 *
 * <p>The last batch of a pass is shorter when the order's length is not a multiple of the batch size; none is
 * dropped, so a pass visits every sample once. It reads {@code order} as it is at each {@link #next()}, so
 * shuffling the same array in place and calling {@link #reset()} starts the next epoch.
 */
public final class MiniBatches {

    private final int[] order;
    private final int[] batch;
    private int cursor;
    private int size;

    public MiniBatches(int[] order, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.order = order;
        this.batch = new int[batchSize];
    }

    /** Moves to the next batch; false when the pass is over. */
    public boolean next() {
        size = Math.min(batch.length, order.length - cursor);
        if (size <= 0) {
            size = 0;
            return false;
        }
        System.arraycopy(order, cursor, batch, 0, size);
        cursor += size;
        return true;
    }

    /** The current batch's sample indices in its first {@link #size()} entries; the same array every time. */
    public int[] batch() {
        return batch;
    }

    public int size() {
        return size;
    }

    /** Number of batches in one pass. */
    public int batchesPerPass() {
        return (order.length + batch.length - 1) / batch.length;
    }

    /** Starts a new pass over the order. */
    public void reset() {
        cursor = 0;
        size = 0;
    }
}
