package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShardsTest {

    @Test
    void everySampleIsInExactlyOneShard() {
        for (int samples : new int[] {0, 1, 7, 10, 1001}) {
            for (int workers = 1; workers <= 8; workers++) {
                int[] seen = new int[samples];
                for (int w = 0; w < workers; w++) {
                    int[] shard = Shards.shard(samples, w, workers);
                    assertThat(shard.length).isBetween(samples / workers, samples / workers + 1);
                    for (int s : shard) {
                        seen[s]++;
                    }
                }
                int[] once = new int[samples];
                Arrays.fill(once, 1);
                assertThat(seen).as("%d samples over %d workers", samples, workers).isEqualTo(once);
            }
        }
    }

    @Test
    void shardsAreContiguous() {
        assertThat(Shards.shard(10, 0, 3)).containsExactly(0, 1, 2);
        assertThat(Shards.shard(10, 1, 3)).containsExactly(3, 4, 5);
        assertThat(Shards.shard(10, 2, 3)).containsExactly(6, 7, 8, 9);
        assertThat(Shards.start(10, 2, 3)).isEqualTo(6);
        assertThat(Shards.end(10, 2, 3)).isEqualTo(10);
        assertThat(Shards.end(Integer.MAX_VALUE, 6, 7)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void refusesABadWorkerIndex() {
        assertThatThrownBy(() -> Shards.shard(10, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shards.shard(10, -1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shards.shard(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shufflesArePermutationsThatDifferByEpochAndRepeatWithTheSeed() {
        int[] samples = Shards.shard(1000, 1, 2);
        int[] e0 = new int[samples.length];
        int[] e1 = new int[samples.length];
        int[] again = new int[samples.length];
        Shards.shuffle(samples, e0, 42, 0);
        Shards.shuffle(samples, e1, 42, 1);
        Shards.shuffle(samples, again, 42, 0);
        assertThat(sorted(e0)).isEqualTo(samples);
        assertThat(sorted(e1)).isEqualTo(samples);
        assertThat(e0).isNotEqualTo(samples).isNotEqualTo(e1).isEqualTo(again);
        int[] otherSeed = new int[samples.length];
        Shards.shuffle(samples, otherSeed, 43, 0);
        assertThat(otherSeed).isNotEqualTo(e0);
    }

    @Test
    void shuffleIgnoresWhatTheOrderHeldBefore() {
        int[] samples = Shards.shard(50, 0, 1);
        int[] order = new int[50];
        Shards.shuffle(samples, order, 7, 3);
        int[] first = order.clone();
        Shards.shuffle(samples, order, 7, 4);
        Shards.shuffle(samples, order, 7, 3);
        assertThat(order).isEqualTo(first);
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
