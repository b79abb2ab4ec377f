package dev.shoal.ml.data;

import java.util.Arrays;

/**
 * Appends rows to growing flat arrays and hands them over as a {@link SparseDataset}.
 *
 * <pre>{@code
 * CsrBuilder b = new CsrBuilder();
 * b.startRow(1f);
 * b.add(3, 0.5f);
 * SparseDataset d = b.build(10);
 * }</pre>
 */
final class CsrBuilder {

    private float[] labels = new float[1024];
    private int[] rowStart = new int[1025];
    private int[] indices = new int[8192];
    private float[] values = new float[8192];
    private int rows;
    private int entries;

    void startRow(float label) {
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, grow(labels.length));
            rowStart = Arrays.copyOf(rowStart, labels.length + 1);
        }
        labels[rows++] = label;
        rowStart[rows] = entries;
    }

    /** Adds an entry to the row started last. */
    void add(int index, float value) {
        if (entries == indices.length) {
            indices = Arrays.copyOf(indices, grow(indices.length));
            values = Arrays.copyOf(values, indices.length);
        }
        indices[entries] = index;
        values[entries++] = value;
        rowStart[rows] = entries;
    }

    SparseDataset build(int dimension) {
        return new SparseDataset(Arrays.copyOf(labels, rows), Arrays.copyOf(rowStart, rows + 1),
                Arrays.copyOf(indices, entries), Arrays.copyOf(values, entries), dimension);
    }

    private static int grow(int length) {
        long next = (long) length * 2;
        if (next > Integer.MAX_VALUE - 8) {
            if (length == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than 2^31 entries do not fit a Java array");
            }
            return Integer.MAX_VALUE - 8;
        }
        return (int) next;
    }
}
