package dev.shoal.protocol.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {

    @Test
    void everyKeyFallsInRange() {
        Random rnd = new Random(17);
        int[] partitionCounts = {1, 2, 3, 7, 64, 1000, 1024, 65_537, Integer.MAX_VALUE};
        long[] edge = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int partitions : partitionCounts) {
            for (long k : edge) {
                assertThat(KeyPartitioner.partitionOf(k, partitions)).as("key %d over %d", k, partitions)
                        .isBetween(0, partitions - 1);
            }
            for (int i = 0; i < 20_000; i++) {
                long k = rnd.nextLong();
                assertThat(KeyPartitioner.partitionOf(k, partitions)).as("key %d over %d", k, partitions)
                        .isBetween(0, partitions - 1);
            }
        }
    }

    @Test
    void oneMillionSequentialKeysSpreadEvenlyOver1024Partitions() {
        assertEven(0);
    }

    @Test
    void negativeSequentialKeysSpreadEvenlyToo() {
        assertEven(-1_000_000);
        assertEven(Long.MIN_VALUE);
    }

    /**
     * 1M consecutive keys over 1024 partitions: almost every partition within 10% of even (a random hash puts
     * about 3 partitions in 1000 just outside, at 3 sigma), none beyond 15%, and a chi-square statistic consistent
     * with a uniform spread (a clustering hash fails all three by far).
     */
    private static void assertEven(long firstKey) {
        int partitions = 1024;
        int keys = 1_000_000;
        int[] count = new int[partitions];
        for (long k = firstKey; k < firstKey + keys; k++) {
            count[KeyPartitioner.partitionOf(k, partitions)]++;
        }
        double even = (double) keys / partitions;
        int outside10 = 0;
        double chi2 = 0;
        for (int p = 0; p < partitions; p++) {
            assertThat((double) count[p]).as("keys from %d in partition %d", firstKey, p)
                    .isBetween(even * 0.85, even * 1.15);
            if (count[p] < even * 0.9 || count[p] > even * 1.1) {
                outside10++;
            }
            chi2 += (count[p] - even) * (count[p] - even) / even;
        }
        assertThat(outside10).as("partitions more than 10%% off even, keys from %d", firstKey)
                .isLessThanOrEqualTo(partitions / 100);
        // 1023 degrees of freedom: mean 1023, sd about 45
        assertThat(chi2).as("chi-square, keys from %d", firstKey).isLessThan(1023 + 5 * 45);
    }

    @Test
    void partitionsAreAPureFunctionOfKeyAndCount() {
        // the partitioner is part of the protocol: client and server must agree forever
        assertThat(KeyPartitioner.mix64(0)).isZero();
        // SplitMix64's first output for seed 0 is mix64(golden gamma)
        assertThat(KeyPartitioner.mix64(0x9e3779b97f4a7c15L)).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(KeyPartitioner.partitionOf(0, 1024)).isZero();
        assertThat(KeyPartitioner.partitionOf(12345, 1)).isZero();
        Random rnd = new Random(1);
        for (int i = 0; i < 1000; i++) {
            long k = rnd.nextLong();
            int p = 1 + rnd.nextInt(1 << 20);
            assertThat(KeyPartitioner.partitionOf(k, p))
                    .isEqualTo((int) Long.remainderUnsigned(KeyPartitioner.mix64(k), p))
                    .isEqualTo(KeyPartitioner.partitionOf(k, p));
        }
    }

    @Test
    void mixSeparatesNeighbouringKeys() {
        // neighbouring keys must not land in neighbouring partitions (no clustering of sequential ids)
        int same = 0;
        for (long k = 0; k < 10_000; k++) {
            if (Math.abs(KeyPartitioner.partitionOf(k, 1024) - KeyPartitioner.partitionOf(k + 1, 1024)) <= 1) {
                same++;
            }
        }
        assertThat(same).isLessThan(100);
    }
}
