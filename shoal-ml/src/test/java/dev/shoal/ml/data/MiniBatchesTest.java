package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    @Test
    void miniBatchesCoverThePassOnceAndReuseTheirArray() {
        int[] samples = Shards.shard(10, 0, 1);
        int[] order = new int[10];
        Shards.shuffle(samples, order, 1, 0);
        MiniBatches b = new MiniBatches(order, 4);
        assertThat(b.batchesPerPass()).isEqualTo(3);
        int[] array = b.batch();
        int[] visited = new int[10];
        int n = 0;
        int[] sizes = new int[3];
        while (b.next()) {
            assertThat(b.batch()).isSameAs(array);
            sizes[n++] = b.size();
            for (int i = 0; i < b.size(); i++) {
                visited[i + 4 * (n - 1)] = b.batch()[i];
            }
        }
        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(visited).isEqualTo(order);
        assertThat(b.next()).isFalse();
        Shards.shuffle(samples, order, 1, 1);
        b.reset();
        assertThat(b.next()).isTrue();
        assertThat(Arrays.copyOf(b.batch(), 4)).isEqualTo(Arrays.copyOf(order, 4));
    }

    @Test
    void emptyOrderHasNoBatches() {
        MiniBatches b = new MiniBatches(new int[0], 8);
        assertThat(b.next()).isFalse();
        assertThat(b.batchesPerPass()).isZero();
        assertThatThrownBy(() -> new MiniBatches(new int[1], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
