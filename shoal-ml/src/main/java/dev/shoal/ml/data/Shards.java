package dev.shoal.ml.data;

import java.util.SplittableRandom;

/**
 * Data parallelism: which samples a worker owns, and their order in each epoch.
 *
 * <pre>{@code
 * int[] mine = Shards.shard(data.rows(), workerIndex, workerCount);
 * int[] order = new int[mine.length];
 * MiniBatches batches = new MiniBatches(order, 64);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     Shards.shuffle(mine, order, seed, epoch);
 *     batches.reset();
 *     while (batches.next()) {
 *         step(batches.batch(), batches.size());   // the first size() entries are sample indices
 *     }
 * }
 * }</pre>
 *
 * <p>Shards are contiguous: worker {@code i} of {@code n} owns {@code [i*N/n, (i+1)*N/n)}, so every sample is in
 * exactly one shard and shard sizes differ by at most one. Contiguous rather than strided because a worker then
 * reads one region of a file or of a CSR array; the per-epoch shuffle removes any order the file had.
 */
public final class Shards {

    private Shards() {
    }

    /** First sample of worker {@code worker}'s shard. */
    public static int start(int samples, int worker, int workers) {
        check(samples, worker, workers);
        return (int) ((long) worker * samples / workers);
    }

    /** One past the last sample of worker {@code worker}'s shard. */
    public static int end(int samples, int worker, int workers) {
        check(samples, worker, workers);
        return (int) ((long) (worker + 1) * samples / workers);
    }

    /** The sample indices of worker {@code worker}'s shard, ascending. */
    public static int[] shard(int samples, int worker, int workers) {
        int from = start(samples, worker, workers);
        int[] ids = new int[end(samples, worker, workers) - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    /**
     * Writes into {@code order} a permutation of {@code samples} (Fisher-Yates) that depends only on
     * {@code seed}, {@code epoch} and the samples, not on the previous content of {@code order}: any epoch can be
     * replayed on its own. Give workers different seeds (e.g. seed + worker) if their shards' orders should not
     * be correlated.
     */
    public static void shuffle(int[] samples, int[] order, long seed, int epoch) {
        if (order.length != samples.length) {
            throw new IllegalArgumentException("order has " + order.length + " slots for " + samples.length
                    + " samples");
        }
        System.arraycopy(samples, 0, order, 0, samples.length);
        // SplittableRandom's seeding mixes the bits, so nearby (seed, epoch) pairs give unrelated streams
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void check(int samples, int worker, int workers) {
        if (samples < 0 || workers <= 0 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker " + worker + " of " + workers + " over " + samples
                    + " samples");
        }
    }
}
