package dev.shoal.client;

import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;

/**
 * The keys of one sparse request sorted by owning server (a counting sort: two passes, no per-key objects).
 * {@code order[start(s) .. end(s))} are the positions in the caller's arrays of the keys server {@code s} holds.
 */
final class KeyRouting {
    private final int[] order;
    private final int[] bounds;

    private KeyRouting(int[] order, int[] bounds) {
        this.order = order;
        this.bounds = bounds;
    }

    static KeyRouting of(TableDescriptor d, long[] keys, int servers) {
        int[] owner = new int[keys.length];
        int[] bounds = new int[servers + 1];
        int partitions = d.units();
        for (int i = 0; i < keys.length; i++) {
            owner[i] = d.owner(KeyPartitioner.partitionOf(keys[i], partitions));
            bounds[owner[i] + 1]++;
        }
        for (int s = 0; s < servers; s++) {
            bounds[s + 1] += bounds[s];
        }
        int[] next = java.util.Arrays.copyOf(bounds, servers);
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[next[owner[i]]++] = i;
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
