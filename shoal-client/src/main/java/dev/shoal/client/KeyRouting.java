package dev.shoal.client;

import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;

/**
 * The keys of one sparse request sorted by owning server and, within a server, by partition (a counting sort:
 * two passes, no per-key objects). {@code order[start(s) .. end(s))} are the positions in the caller's arrays of
 * the keys server {@code s} holds. Sending a server its keys grouped by partition lets it look them up one small,
 * cache-resident partition index at a time (about 4x faster for 10M random keys).
 */
final class KeyRouting {
    private final int[] order;
    private final int[] bounds;

    private KeyRouting(int[] order, int[] bounds) {
        this.order = order;
        this.bounds = bounds;
    }

    static KeyRouting of(TableDescriptor d, long[] keys, int servers) {
        int partitions = d.units();
        int[] rank = PartitionRanks.of(d);
        int[] bucket = new int[keys.length];
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
        for (int s = 0; s < servers; s++) {
            bounds[s + 1] += bounds[s];
        }
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[next[bucket[i]]++] = i;
        }
        return new KeyRouting(order, bounds);
    }

    int start(int server) {
        return bounds[server];
    }

    int end(int server) {
        return bounds[server + 1];
    }

    void gatherKeys(long[] keys, int from, int n, long[] dst) {
        for (int i = 0; i < n; i++) {
            dst[i] = keys[order[from + i]];
        }
    }

    void gatherRows(float[] values, int dim, int from, int n, float[] dst) {
        if (dim == 1) {
            for (int i = 0; i < n; i++) {
                dst[i] = values[order[from + i]];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, order[from + i] * dim, dst, i * dim, dim);
        }
    }

    void scatterRows(float[] rows, int dim, int from, int n, float[] dst) {
        if (dim == 1) {
            for (int i = 0; i < n; i++) {
                dst[order[from + i]] = rows[i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, i * dim, dst, order[from + i] * dim, dim);
        }
    }
}
