package dev.shoal.protocol.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TableDescriptorTest {

    @Test
    void sliceOfSliceStartAndSliceSizeAgree() {
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            int size = 1 + rnd.nextInt(100_000);
            int sliceLength = 1 + rnd.nextInt(size);
            int units = (size + sliceLength - 1) / sliceLength;
            TableDescriptor d = new TableDescriptor(i, TableSpec.dense("t", size), Consistency.bsp(), 1, sliceLength,
                    new int[units]);
            long total = 0;
            for (int s = 0; s < units; s++) {
                long start = d.sliceStart(s);
                int n = d.sliceSize(s);
                assertThat(start).isEqualTo((long) s * sliceLength);
                assertThat(n).isBetween(1, sliceLength);
                assertThat(d.sliceOf(start)).isEqualTo(s);
                assertThat(d.sliceOf(start + n - 1)).isEqualTo(s);
                total += n;
            }
            assertThat(total).isEqualTo(size);
            for (int k = 0; k < 50; k++) {
                long index = rnd.nextInt(size);
                int s = d.sliceOf(index);
                assertThat(s).isBetween(0, units - 1);
                assertThat(index).isBetween(d.sliceStart(s), d.sliceStart(s) + d.sliceSize(s) - 1);
            }
        }
    }

    @Test
    void indicesBeyondTwoBillionMapToTheRightSlice() {
        TableSpec spec = TableSpec.dense("big", 1 << 16, 1 << 16); // 2^32 floats
        int sliceLength = 1 << 20;
        TableDescriptor d = new TableDescriptor(1, spec, Consistency.asp(), 1, sliceLength, new int[1 << 12]);
        assertThat(d.sliceOf((1L << 32) - 1)).isEqualTo((1 << 12) - 1);
        assertThat(d.sliceStart((1 << 12) - 1)).isEqualTo((1L << 32) - sliceLength);
        assertThat(d.sliceSize((1 << 12) - 1)).isEqualTo(sliceLength);
        assertThat(d.sliceOf(3L << 30)).isEqualTo(3 << 10);
    }

    @Test
    void aLayoutThatDoesNotCoverTheTableIsRefused() {
        TableSpec spec = TableSpec.dense("w", 10);
        assertThatThrownBy(() -> new TableDescriptor(1, spec, Consistency.bsp(), 1, 3, new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'")
                .hasMessageContaining("does not cover");
        assertThatThrownBy(() -> new TableDescriptor(1, spec, Consistency.bsp(), 1, 0, new int[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableDescriptor(1, spec, Consistency.bsp(), 1, -5, new int[10]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TableDescriptor(1, spec, Consistency.bsp(), 1, 3, new int[4]).units()).isEqualTo(4);
    }

    @Test
    void sparseDescriptorsHavePartitionsAndNoSliceLength() {
        TableDescriptor d = new TableDescriptor(3, TableSpec.sparse("e", 8), Consistency.ssp(1), 2, 0,
                new int[] {0, 1, 2, 0});
        assertThat(d.units()).isEqualTo(4);
        assertThat(d.owner(2)).isEqualTo(2);
        assertThat(d.size()).isEqualTo(8);
        assertThat(d.name()).isEqualTo("e");
    }

    @Test
    void ownersAreDefensivelyCopiedAndEqualityIsByValue() {
        int[] owners = {0, 1};
        TableDescriptor d = new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 1, 5, owners);
        owners[0] = 9;
        assertThat(d.owner(0)).isZero();
        d.owners()[1] = 9;
        assertThat(d.owner(1)).isEqualTo(1);
        TableDescriptor same = new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 1, 5,
                new int[] {0, 1});
        assertThat(d).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(d).isNotEqualTo(new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 1, 5,
                new int[] {1, 0}));
        assertThat(d).isNotEqualTo(new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 2, 5,
                new int[] {0, 1}));
        assertThat(d).isNotEqualTo(new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.asp(), 1, 5,
                new int[] {0, 1}));
        assertThat(d.replicas()).isEqualTo(1);
        assertThat(d).isNotEqualTo(d.withReplicas(2));
        assertThat(d.withReplicas(2)).isEqualTo(new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 1,
                5, new int[] {0, 1}, 2));
    }

    @Test
    void replicasSitOnTheOwnerAndTheNextServerIds() {
        TableDescriptor d = new TableDescriptor(1, TableSpec.dense("w", 40), Consistency.bsp(), 1, 10,
                new int[] {0, 1, 2, 3}, 3);
        assertThat(d.replica(0, 0, 4)).isZero();
        assertThat(d.replica(0, 2, 4)).isEqualTo(2);
        assertThat(d.replica(2, 1, 4)).isEqualTo(3);
        assertThat(d.replica(2, 2, 4)).as("wraps").isZero();
        assertThat(d.replica(3, 1, 4)).isZero();
        assertThat(d.withReplicas(1).replicas()).isEqualTo(1);
        assertThat(d.withReplicas(1).owners()).containsExactly(d.owners());
        assertThat(d.toString()).contains("replicas=3");
        assertThat(d.withReplicas(1).toString()).doesNotContain("replicas");
        assertThatThrownBy(() -> d.withReplicas(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
