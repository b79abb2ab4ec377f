package dev.shoal.ml.data;

import java.util.Objects;

/**
 * Sparse rows in compressed-sparse-row form: one label per row, and for row {@code r} the column indices
 * {@code indices[rowStart[r] .. rowStart[r+1])} (0-based, ascending) with their {@code values}.
 *
 * <pre>{@code
 * SparseDataset d = LibsvmReader.read(Path.of("a9a.txt"));
 * for (int r = 0; r < d.rows(); r++) {
 *     float dot = 0;
 *     for (int k = d.rowStart(r); k < d.rowEnd(r); k++) {
 *         dot += w[d.index(k)] * d.value(k);
 *     }
 * }
 * }</pre>
 *
 * <p>Flat arrays rather than an object per row keep a data set of millions of rows within a few allocations
 * and let a training loop walk it without pointer chasing. The arrays are shared, not copied: treat them as
 * read-only.
 */
public final class SparseDataset {

    private final float[] labels;
    private final int[] rowStart;
    private final int[] indices;
    private final float[] values;
    private final int dimension;

    /**
     * @param labels    one per row
     * @param rowStart  {@code labels.length + 1} offsets into {@code indices}/{@code values}, non-decreasing
     * @param indices   0-based column indices, ascending within a row, each below {@code dimension}
     * @param values    one per index
     * @param dimension number of columns
     */
    public SparseDataset(float[] labels, int[] rowStart, int[] indices, float[] values, int dimension) {
        this.labels = Objects.requireNonNull(labels);
        this.rowStart = Objects.requireNonNull(rowStart);
        this.indices = Objects.requireNonNull(indices);
        this.values = Objects.requireNonNull(values);
        this.dimension = dimension;
        if (rowStart.length != labels.length + 1 || rowStart[0] != 0
                || rowStart[labels.length] != indices.length || indices.length != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays: " + labels.length + " labels, "
                    + rowStart.length + " row offsets, " + indices.length + " indices, " + values.length
                    + " values");
        }
    }

    public int rows() {
        return labels.length;
    }

    /** Number of stored (non-zero) entries over all rows. */
    public int nonZeros() {
        return indices.length;
    }

    public int dimension() {
        return dimension;
    }

    public float label(int row) {
        return labels[row];
    }

    /** First entry of {@code row}; its entries are {@code rowStart(row) .. rowEnd(row) - 1}. */
    public int rowStart(int row) {
        return rowStart[row];
    }

    public int rowEnd(int row) {
        return rowStart[row + 1];
    }

    public int index(int entry) {
        return indices[entry];
    }

    public float value(int entry) {
        return values[entry];
    }

    /** The backing label array (not copied). */
    public float[] labels() {
        return labels;
    }

    /** The backing row offsets, {@code rows() + 1} of them (not copied). */
    public int[] rowStarts() {
        return rowStart;
    }

    /** The backing column indices (not copied). */
    public int[] indices() {
        return indices;
    }

    /** The backing values (not copied). */
    public float[] values() {
        return values;
    }

    @Override
    public String toString() {
        return "SparseDataset[" + rows() + " rows, " + dimension + " columns, " + nonZeros() + " non-zeros]";
    }
}
