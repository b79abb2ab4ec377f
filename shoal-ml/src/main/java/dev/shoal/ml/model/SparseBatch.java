package dev.shoal.ml.model;

import dev.shoal.ml.data.SparseDataset;
import java.util.Arrays;

/**
 * One mini-batch of sparse rows rewritten against the batch's own distinct features, so a training step pulls
 * and pushes only the keys it touches.
 *
 * <pre>{@code
 * SparseBatch batch = new SparseBatch();
 * batch.fill(data, order, from, 64);
 * long[] keys = batch.keys();                 // the first batch.keyCount() entries, ascending
 * float[] w = new float[batch.keyCount() + 1];
 * // pull keys[0 .. keyCount) into w[0 .. keyCount), and the bias into w[keyCount]
 * float[] g = new float[batch.keyCount() + 1];
 * double loss = model.lossAndGradient(batch, w, g);
 * // push g[0 .. keyCount) to keys[0 .. keyCount), g[keyCount] to the bias
 * }</pre>
 *
 * <p>Keys are the feature indices in ascending order, so a range-partitioned table receives them already
 * grouped by server. Each entry of row {@code r} names its feature by {@link #position(int)}, an index into
 * the key list. Labels are normalized to 1 (label above zero) or 0, so +1/-1 and 1/0 data sets both work.
 *
 * <p>One instance is meant to be reused for every step: its arrays grow to the largest batch seen and are
 * never shrunk, so a training loop allocates nothing per step once warmed up. The arrays returned are the
 * backing arrays, valid until the next {@link #fill}.
 */
public final class SparseBatch {

    private long[] keys = new long[0];
    private int keyCount;
    private int[] sorted = new int[0];
    private int[] positions = new int[0];
    private float[] values = new float[0];
    private int[] rowStart = new int[1];
    private float[] labels = new float[0];
    private int rows;

    /**
     * Rewrites rows {@code rowIds[from .. from + n)} of {@code data} into this batch.
     *
     * @return this batch
     */
    public SparseBatch fill(SparseDataset data, int[] rowIds, int from, int n) {
        if (from < 0 || n < 0 || from + n > rowIds.length) {
            throw new IllegalArgumentException("rows " + from + " .. " + (from + n) + " outside an order of "
                    + rowIds.length);
        }
        int entries = copyRows(data, rowIds, from, n);
        collectKeys(entries);
        for (int e = 0; e < entries; e++) {
            positions[e] = Arrays.binarySearch(sorted, 0, keyCount, positions[e]);
        }
        return this;
    }

    /** Copies the rows' labels, values and raw feature indices (into {@code positions}, remapped later). */
    private int copyRows(SparseDataset data, int[] rowIds, int from, int n) {
        int entries = 0;
        for (int i = 0; i < n; i++) {
            int row = rowIds[from + i];
            entries += data.rowEnd(row) - data.rowStart(row);
        }
        ensureCapacity(n, entries);
        rows = n;
        int e = 0;
        for (int i = 0; i < n; i++) {
            int row = rowIds[from + i];
            labels[i] = data.label(row) > 0 ? 1f : 0f;
            rowStart[i] = e;
            int start = data.rowStart(row);
            int len = data.rowEnd(row) - start;
            System.arraycopy(data.indices(), start, positions, e, len);
            System.arraycopy(data.values(), start, values, e, len);
            e += len;
        }
        rowStart[n] = e;
        return e;
    }

    /** Sorts and de-duplicates the raw indices into {@code sorted} and {@code keys}. */
    private void collectKeys(int entries) {
        System.arraycopy(positions, 0, sorted, 0, entries);
        Arrays.sort(sorted, 0, entries);
        keyCount = 0;
        for (int e = 0; e < entries; e++) {
            if (keyCount == 0 || sorted[keyCount - 1] != sorted[e]) {
                sorted[keyCount] = sorted[e];
                keys[keyCount] = sorted[e];
                keyCount++;
            }
        }
    }

    private void ensureCapacity(int n, int entries) {
        if (labels.length < n) {
            labels = new float[n];
            rowStart = new int[n + 1];
        }
        if (positions.length < entries) {
            positions = new int[entries];
            values = new float[entries];
            sorted = new int[entries];
            keys = new long[entries];
        }
    }

    /** Number of rows in the batch. */
    public int rows() {
        return rows;
    }

    /** Number of distinct features in the batch: the first {@code keyCount()} entries of {@link #keys()}. */
    public int keyCount() {
        return keyCount;
    }

    /** The distinct feature indices, ascending, in the first {@link #keyCount()} entries (backing array). */
    public long[] keys() {
        return keys;
    }

    public long key(int position) {
        return keys[position];
    }

    /** The label of the batch's {@code row}-th row, normalized to 1 or 0. */
    public float label(int row) {
        return labels[row];
    }

    /** First entry of the batch's {@code row}-th row; its entries are {@code rowStart(row) .. rowEnd(row) - 1}. */
    public int rowStart(int row) {
        return rowStart[row];
    }

    public int rowEnd(int row) {
        return rowStart[row + 1];
    }

    /** Where the feature of {@code entry} sits in {@link #keys()}. */
    public int position(int entry) {
        return positions[entry];
    }

    public float value(int entry) {
        return values[entry];
    }

    @Override
    public String toString() {
        return "SparseBatch[" + rows + " rows, " + keyCount + " keys, " + rowStart[rows] + " entries]";
    }
}
