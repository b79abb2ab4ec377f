package dev.shoal.client;

import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;

/**
 * The keys (and, for a push, the rows) of one sparse request sorted by owning server and, within a server, by
 * partition: a counting sort whose last pass moves each key and row to its sorted place while reading the
 * caller's arrays in order (scattered writes are cheap, scattered reads would wait on memory for every key).
 * {@code [start(s), end(s))} is server {@code s}'s run of {@link #keys} and {@link #rows}; {@code order[j]} is where
 * sorted key {@code j} came from. Sending a server its keys grouped by partition lets it look them up one small,
 * cache-resident partition index at a time.
 *
 * <p>The sorted keys and rows are per-thread scratch, valid until the same thread routes its next request: they
 * are only read while the request's frames are encoded. {@code order} belongs to the request (its replies use it).
 */
final class KeyRouting {
    private static final ThreadLocal<RoutingScratch> SCRATCH = ThreadLocal.withInitial(RoutingScratch::new);
    final long[] keys;
    final float[] rows;
    private final int[] order;
    private final int[] bounds;

    private KeyRouting(long[] keys, float[] rows, int[] order, int[] bounds) {
        this.keys = keys;
        this.rows = rows;
        this.order = order;
        this.bounds = bounds;
    }

    /**
     * Sorts {@code keys} and, when not null, their rows of {@code dim} floats in {@code values}, by owning server
     * ({@code start(s)..end(s)} are owner {@code s}'s keys) and partition.
     */
    static KeyRouting of(TableDescriptor d, long[] keys, float[] values, int dim, int servers) {
        int partitions = d.units();
        int[] rank = PartitionRanks.of(d);
        RoutingScratch s = SCRATCH.get().ensure(keys.length, values == null ? 0 : values.length);
        int[] bucket = s.bucket;
        int[] next = new int[partitions + 1];
        for (int i = 0; i < keys.length; i++) {
            bucket[i] = rank[KeyPartitioner.partitionOf(keys[i], partitions)];
            next[bucket[i] + 1]++;
        }
        for (int b = 0; b < partitions; b++) {
            next[b + 1] += next[b];
        }
        int[] bounds = new int[servers + 1];
        for (int p = 0; p < partitions; p++) {
            bounds[d.owner(p) + 1] += next[rank[p] + 1] - next[rank[p]];
        }
        for (int srv = 0; srv < servers; srv++) {
            bounds[srv + 1] += bounds[srv];
        }
        int[] order = new int[keys.length];
        long[] sortedKeys = s.keys;
        float[] sortedRows = values == null ? null : s.rows;
        for (int i = 0; i < keys.length; i++) {
            int j = next[bucket[i]]++;
            order[j] = i;
            sortedKeys[j] = keys[i];
            if (sortedRows != null) {
                if (dim == 1) {
                    sortedRows[j] = values[i];
                } else {
                    System.arraycopy(values, i * dim, sortedRows, j * dim, dim);
                }
            }
        }
        return new KeyRouting(sortedKeys, sortedRows, order, bounds);
    }

    int start(int server) {
        return bounds[server];
    }

    int end(int server) {
        return bounds[server + 1];
    }

    /** Puts sorted rows {@code [from, from+n)}, given in {@code src}, back at the caller's positions in dst. */
    void scatterRows(float[] src, int dim, int from, int n, float[] dst) {
        if (dim == 1) {
            for (int i = 0; i < n; i++) {
                dst[order[from + i]] = src[i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, i * dim, dst, order[from + i] * dim, dim);
        }
    }

    /** A thread's reusable arrays, grown to the largest request it has routed. */
    private static final class RoutingScratch {
        int[] bucket = new int[0];
        long[] keys = new long[0];
        float[] rows = new float[0];

        RoutingScratch ensure(int n, int floats) {
            if (bucket.length < n) {
                bucket = new int[n];
                keys = new long[n];
            }
            if (rows.length < floats) {
                rows = new float[floats];
            }
            return this;
        }
    }
}
