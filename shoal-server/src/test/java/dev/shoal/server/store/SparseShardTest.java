package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseShardTest {
    private static final InitializerSpec NORMAL = InitializerSpec.normal(0f, 0.1f, 99);
    private static final Optimizer SGD = Optimizers.create(OptimizerSpec.sgd(0.5f));

    private static float[] initialRow(long key, int dim) {
        float[] row = new float[dim];
        Initializers.fillRow(NORMAL, row, 0, dim, key);
        return row;
    }

    @Test
    void pullCreatesMissingRowsWithTheInitializer() {
        SparseShard shard = new SparseShard(4, SGD, NORMAL, 16);
        float[] out = new float[10];
        shard.pull(new long[] {0, 42, -7}, 1, 2, out, 2);
        assertThat(Arrays.copyOfRange(out, 2, 6)).containsExactly(initialRow(42, 4));
        assertThat(Arrays.copyOfRange(out, 6, 10)).containsExactly(initialRow(-7, 4));
        assertThat(out[0]).isZero();
        assertThat(shard.rowCount()).isEqualTo(2);
        shard.pull(new long[] {42}, 0, 1, out, 0);
        assertThat(shard.rowCount()).isEqualTo(2);
        assertThat(shard.dim()).isEqualTo(4);
    }

    @Test
    void partitionsGivenByTheCallerAddressTheSameRowsAsComputedOnes() {
        SparseShard shard = new SparseShard(1, SGD, InitializerSpec.zeros(), 16);
        long[] keys = {3, -7, 1L << 40, 12};
        int[] partitionOf = new int[keys.length + 1];
        for (int i = 0; i < keys.length; i++) {
            partitionOf[i + 1] = KeyPartitioner.partitionOf(keys[i], 16);
        }
        long[] shifted = new long[keys.length + 1];
        System.arraycopy(keys, 0, shifted, 1, keys.length);
        shard.push(shifted, partitionOf, 1, keys.length, new float[] {-2f, -4f, -6f, -8f}, 0);
        float[] out = new float[keys.length];
        shard.pull(keys, 0, keys.length, out, 0);
        assertThat(out).containsExactly(1f, 2f, 3f, 4f);
        assertThat(shard.rowCount()).isEqualTo(keys.length);
    }

    @Test
    void pushAppliesTheOptimizerToEachRow() {
        SparseShard shard = new SparseShard(2, SGD, NORMAL, 8);
        shard.push(new long[] {5, 6}, 0, 2, new float[] {1f, 2f, -1f, 0f}, 0);
        float[] out = new float[4];
        shard.pull(new long[] {5, 6}, 0, 2, out, 0);
        float[] five = initialRow(5, 2);
        float[] six = initialRow(6, 2);
        assertThat(out).containsExactly(five[0] - 0.5f, five[1] - 1f, six[0] + 0.5f, six[1]);
    }

    @Test
    void repeatedKeysAreAppliedOncePerOccurrenceWithTheirOwnStep() {
        Optimizer adam = Optimizers.create(OptimizerSpec.adam(0.1f));
        SparseShard shard = new SparseShard(2, adam, InitializerSpec.zeros(), 4);
        float[] grads = {1f, -1f, 3f, 0.5f, 2f, 2f};
        shard.push(new long[] {9, 9, 10}, 0, 3, grads, 0);

        float[] w = new float[2];
        float[] m = new float[2];
        float[] v = new float[2];
        adam.apply(w, m, v, 0, grads, 0, 2, 0);
        adam.apply(w, m, v, 0, grads, 2, 2, 1);
        float[] other = new float[2];
        adam.apply(other, new float[2], new float[2], 0, grads, 4, 2, 0);   // key 10 has its own counter

        float[] out = new float[4];
        shard.pull(new long[] {9, 10}, 0, 2, out, 0);
        assertThat(out).containsExactly(w[0], w[1], other[0], other[1]);
        assertThat(shard.rowCount()).isEqualTo(2);
    }

    @Test
    void manyKeysAcrossPartitionsAndChunks() {
        int dim = 4096;                                  // 256 rows per chunk
        SparseShard shard = new SparseShard(dim, SGD, NORMAL, 64);
        int n = 1000;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i * 7919L - 3000;
        }
        float[] out = new float[n * dim];
        shard.pull(keys, 0, n, out, 0);
        assertThat(shard.rowCount()).isEqualTo(n);
        int total = 0;
        for (int p = 0; p < 64; p++) {
            assertThat(shard.partitionRowCount(p)).isPositive();
            total += shard.partitionRowCount(p);
        }
        assertThat(total).isEqualTo(n);
        float[] again = new float[n * dim];
        shard.pull(keys, 0, n, again, 0);
        assertThat(again).isEqualTo(out);
        for (int i = 0; i < n; i += 97) {
            assertThat(Arrays.copyOfRange(out, i * dim, (i + 1) * dim)).containsExactly(initialRow(keys[i], dim));
        }
        assertThat(shard.bytes()).isGreaterThanOrEqualTo((long) n * dim * Float.BYTES);
    }

    @Test
    void rowsDoNotDependOnCreationOrder() {
        SparseShard forward = new SparseShard(3, SGD, NORMAL, 4);
        SparseShard backward = new SparseShard(3, SGD, NORMAL, 32);
        long[] keys = new long[200];
        long[] reversed = new long[200];
        for (int i = 0; i < 200; i++) {
            keys[i] = i * 31L;
            reversed[199 - i] = i * 31L;
        }
        forward.pull(keys, 0, 200, new float[600], 0);
        backward.pull(reversed, 0, 200, new float[600], 0);
        float[] a = new float[600];
        float[] b = new float[600];
        forward.pull(keys, 0, 200, a, 0);
        backward.pull(keys, 0, 200, b, 0);
        assertThat(a).containsExactly(b);
    }

    @Test
    void ftrlRowsKeepTheirInitialValueUntilAGradientArrives() {
        Optimizer ftrl = Optimizers.create(OptimizerSpec.ftrl(0.1f, 1f, 0.01f, 0f));
        SparseShard shard = new SparseShard(8, ftrl, NORMAL, 4);
        shard.push(new long[] {3}, 0, 1, new float[8], 0);
        float[] out = new float[8];
        shard.pull(new long[] {3}, 0, 1, out, 0);
        float[] init = initialRow(3, 8);
        for (int j = 0; j < 8; j++) {
            assertThat(out[j]).isCloseTo(init[j], org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void badRangesFailBeforeCreatingRows() {
        SparseShard shard = new SparseShard(4, SGD, NORMAL, 4);
        assertThatThrownBy(() -> shard.push(new long[] {1, 2}, 0, 2, new float[7], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> shard.pull(new long[] {1, 2}, 1, 2, new float[8], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(shard.rowCount()).isZero();
        assertThatThrownBy(() -> new SparseShard(0, SGD, NORMAL, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentPushesAreAllApplied() throws Exception {
        SparseShard shard = new SparseShard(2, Optimizers.create(OptimizerSpec.sgd(1f)), InitializerSpec.zeros(), 16);
        long[] keys = new long[100];
        for (int i = 0; i < 100; i++) {
            keys[i] = i;
        }
        float[] ones = new float[200];
        Arrays.fill(ones, 1f);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        shard.push(keys, 0, 100, ones, 0);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        float[] out = new float[200];
        shard.pull(keys, 0, 100, out, 0);
        assertThat(out).containsOnly(-1000f);
        assertThat(shard.rowCount()).isEqualTo(100);
    }
}
