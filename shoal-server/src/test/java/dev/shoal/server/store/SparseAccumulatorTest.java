package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SparseAccumulatorTest {
    private static final InitializerSpec INIT = InitializerSpec.uniform(-1f, 1f, 4);
    private static final Optimizer SGD = Optimizers.create(OptimizerSpec.sgd(0.25f));

    @Test
    void sumThenApplyEqualsOneStepWithTheAverage() {
        SparseShard shard = new SparseShard(2, SGD, INIT, 8);
        SparseAccumulator acc = new SparseAccumulator(2);
        acc.add(new long[] {1, 2}, 0, 2, new float[] {1f, 2f, 3f, 4f}, 0);        // worker A
        acc.add(new long[] {0, 2, 3}, 1, 2, new float[] {9f, 5f, 6f, -2f, 2f}, 1); // worker B: keys 2, 3
        assertThat(acc.size()).isEqualTo(3);
        acc.applyTo(shard, 0.5f);
        assertThat(acc.size()).isZero();

        SparseShard reference = new SparseShard(2, SGD, INIT, 8);
        reference.push(new long[] {1, 2, 3}, 0, 3, new float[] {0.5f, 1f, 4f, 5f, -1f, 1f}, 0);
        assertThat(rows(shard, 1, 2, 3)).containsExactly(rows(reference, 1, 2, 3));
    }

    @Test
    void roundsReuseStorageWithoutStaleSums() {
        int dim = 4096;                                    // 256 rows per chunk, so rounds span chunks
        SparseShard shard = new SparseShard(dim, Optimizers.create(OptimizerSpec.sgd(1f)), InitializerSpec.zeros(), 8);
        SparseAccumulator acc = new SparseAccumulator(dim);
        int n = 600;
        long[] keys = new long[n];
        float[] grads = new float[n * dim];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
            java.util.Arrays.fill(grads, i * dim, (i + 1) * dim, i);
        }
        for (int round = 1; round <= 2; round++) {
            acc.add(keys, 0, n, grads, 0);
            acc.add(keys, 0, n, grads, 0);
            acc.applyTo(shard, 0.5f);
            float[] out = new float[n * dim];
            shard.pull(keys, 0, n, out, 0);
            for (int i = 0; i < n; i++) {
                assertThat(out[i * dim]).isEqualTo(-round * (float) i);
                assertThat(out[i * dim + dim - 1]).isEqualTo(-round * (float) i);
            }
        }
    }

    @Test
    void clearDropsTheSums() {
        SparseShard shard = new SparseShard(1, SGD, InitializerSpec.zeros(), 2);
        SparseAccumulator acc = new SparseAccumulator(1);
        acc.add(new long[] {7}, 0, 1, new float[] {4f}, 0);
        acc.clear();
        assertThat(acc.size()).isZero();
        acc.add(new long[] {8}, 0, 1, new float[] {4f}, 0);
        acc.applyTo(shard, 1f);
        assertThat(shard.rowCount()).isEqualTo(1);
        assertThat(rows(shard, 8)).containsExactly(-1f);
    }

    @Test
    void rejectsAShardOfAnotherDimAndBadRanges() {
        SparseAccumulator acc = new SparseAccumulator(2);
        assertThatThrownBy(() -> acc.applyTo(new SparseShard(3, SGD, INIT, 2), 1f))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acc.add(new long[] {1, 2}, 0, 2, new float[3], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(acc.size()).isZero();
    }

    private static float[] rows(SparseShard shard, long... keys) {
        float[] out = new float[keys.length * shard.dim()];
        shard.pull(keys, 0, keys.length, out, 0);
        return out;
    }
}
