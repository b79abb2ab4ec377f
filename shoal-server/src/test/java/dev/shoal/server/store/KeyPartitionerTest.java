package dev.shoal.server.store;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyPartitionerTest {

    @Test
    void everyKeyMapsToOnePartitionInRange() {
        SplittableRandom random = new SplittableRandom(1);
        long[] edge = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int partitions : new int[] {1, 3, 7, 1000, 1024, Integer.MAX_VALUE}) {
            for (long key : edge) {
                assertInRange(key, partitions);
            }
            for (int i = 0; i < 10_000; i++) {
                assertInRange(random.nextLong(), partitions);
            }
        }
    }

    private static void assertInRange(long key, int partitions) {
        int p = KeyPartitioner.partitionOf(key, partitions);
        assertThat(p).isBetween(0, partitions - 1);
        assertThat(KeyPartitioner.partitionOf(key, partitions)).isEqualTo(p);
    }

    @Test
    void matchesTheProtocolFunctionTheClientUses() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            assertThat(KeyPartitioner.partitionOf(key, 1000))
                    .isEqualTo(dev.shoal.protocol.table.KeyPartitioner.partitionOf(key, 1000));
            assertThat(KeyPartitioner.mix64(key)).isEqualTo(dev.shoal.protocol.table.KeyPartitioner.mix64(key));
        }
    }

    @Test
    void rejectsNonPositivePartitionCounts() {
        assertThatThrownBy(() -> KeyPartitioner.partitionOf(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Any hash that spreads keys like a random function gives partition counts with standard deviation
     * sqrt(mean) = 31 for 1M keys over 1024 partitions, and extremes about 3.3 of those (10.5%) from the mean. So each
     * count is checked within 15% of the mean (4.8 sigma), and the spread as a whole by a chi-square bound.
     */
    @Test
    void sequentialAndStridedKeysAreBalanced() {
        assertBalanced(0, 1);
        assertBalanced(1L << 40, 1);
        assertBalanced(0, 1024);
    }

    private static void assertBalanced(long first, long stride) {
        int partitions = 1024;
        int keys = 1_000_000;
        int[] counts = new int[partitions];
        for (int i = 0; i < keys; i++) {
            counts[KeyPartitioner.partitionOf(first + i * stride, partitions)]++;
        }
        double mean = (double) keys / partitions;
        double chiSquare = 0;
        for (int c : counts) {
            assertThat((double) c).isBetween(mean * 0.85, mean * 1.15);
            chiSquare += (c - mean) * (c - mean) / mean;
        }
        // 1023 degrees of freedom: mean 1023, standard deviation sqrt(2 * 1023) = 45
        assertThat(chiSquare).isLessThan(1023 + 5 * 45);
    }
}
