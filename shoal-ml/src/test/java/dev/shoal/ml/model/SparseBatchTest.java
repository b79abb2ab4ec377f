package dev.shoal.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.ml.data.SparseDataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SparseBatchTest {

    /** Row 0: {3, 7}; row 1: empty; row 2: {1, 3, 9}; row 3: {7}. Labels +1, -1, 0, 1. */
    static SparseDataset dataset() {
        return new SparseDataset(new float[] {1, -1, 0, 1}, new int[] {0, 2, 2, 5, 6},
                new int[] {3, 7, 1, 3, 9, 7}, new float[] {0.5f, 1, 2, 3, 4, 5}, 10);
    }

    @Test
    void keysAreTheDistinctFeaturesAscendingAndEntriesPointAtThem() {
        SparseBatch b = new SparseBatch().fill(dataset(), new int[] {9, 2, 1, 0, 9}, 1, 3);
        assertThat(b.rows()).isEqualTo(3);
        assertThat(Arrays.copyOf(b.keys(), b.keyCount())).containsExactly(1L, 3L, 7L, 9L);
        // batch row 0 is data row 2: {1, 3, 9}
        assertThat(positions(b, 0)).containsExactly(0, 1, 3);
        assertThat(values(b, 0)).containsExactly(2f, 3f, 4f);
        // batch row 1 is data row 1: empty
        assertThat(b.rowStart(1)).isEqualTo(b.rowEnd(1));
        // batch row 2 is data row 0: {3, 7}; feature 3 shares its position with row 2's
        assertThat(positions(b, 2)).containsExactly(1, 2);
        assertThat(values(b, 2)).containsExactly(0.5f, 1f);
        assertThat(new float[] {b.label(0), b.label(1), b.label(2)}).containsExactly(0f, 0f, 1f);
    }

    @Test
    void reuseShrinksToTheNewBatchAndEmptyBatchesHaveNoKeys() {
        SparseBatch b = new SparseBatch().fill(dataset(), new int[] {0, 1, 2, 3}, 0, 4);
        assertThat(b.keyCount()).isEqualTo(4);
        b.fill(dataset(), new int[] {3}, 0, 1);
        assertThat(b.keyCount()).isEqualTo(1);
        assertThat(b.key(0)).isEqualTo(7L);
        assertThat(positions(b, 0)).containsExactly(0);
        b.fill(dataset(), new int[] {1}, 0, 1);
        assertThat(b.rows()).isEqualTo(1);
        assertThat(b.keyCount()).isZero();
        b.fill(dataset(), new int[0], 0, 0);
        assertThat(b.rows()).isZero();
        assertThat(b.keyCount()).isZero();
    }

    @Test
    void rangeOutsideTheOrderIsRefused() {
        assertThatThrownBy(() -> new SparseBatch().fill(dataset(), new int[] {0, 1}, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    static int[] positions(SparseBatch b, int row) {
        int[] p = new int[b.rowEnd(row) - b.rowStart(row)];
        for (int e = b.rowStart(row); e < b.rowEnd(row); e++) {
            p[e - b.rowStart(row)] = b.position(e);
        }
        return p;
    }

    static float[] values(SparseBatch b, int row) {
        float[] v = new float[b.rowEnd(row) - b.rowStart(row)];
        for (int e = b.rowStart(row); e < b.rowEnd(row); e++) {
            v[e - b.rowStart(row)] = b.value(e);
        }
        return v;
    }
}
