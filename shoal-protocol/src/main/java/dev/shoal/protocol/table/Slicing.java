package dev.shoal.protocol.table;

/**
 * How the coordinator lays a table over servers.
 *
 * <pre>{@code
 * long[] load = new long[servers];                  // bytes already placed on each server
 * TableDescriptor d = Slicing.layout(id, spec, consistency, servers, partitions, load);
 * }</pre>
 *
 * <p>Dense tables are cut into equal slices of at most {@code maxSliceBytes}, and into at least one slice per
 * {@link #MIN_SPREAD_BYTES} (up to one per server) so that a mid-sized table spreads its traffic over servers
 * while a tiny one stays whole (below that size the per-request cost dominates). Each slice goes to the server
 * with the fewest bytes so far (the lowest index on a tie), so that every server holds the same number of bytes
 * within one slice. Sparse tables spread their partitions round-robin, starting at the least-loaded server, and
 * count as one byte of load there: in a job with dense tables, successive sparse tables therefore usually start
 * on the same server (their rows grow with use, so no byte estimate would be right; docs/PROTOCOL.md, Layout, and
 * the golden vectors in slicing.json pin this rule).
 */
public final class Slicing {
    /** Below this many bytes per server, a table is not split just to spread it (the per-request cost dominates). */
    public static final long MIN_SPREAD_BYTES = 64 << 10;

    private Slicing() {
    }

    /** Number of dense slices for {@code elements} floats. */
    public static int sliceCount(long elements, int maxSliceBytes, int servers) {
        long bytes = elements * Float.BYTES;
        long bySize = ceilDiv(bytes, maxSliceBytes);
        long bySpread = Math.min(servers, Math.max(1, bytes / MIN_SPREAD_BYTES));
        long n = Math.max(bySize, bySpread);
        n = Math.min(n, elements);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("table of " + elements + " floats needs too many slices");
        }
        return (int) n;
    }

    /**
     * Lays out a table. {@code load} (bytes per server) is updated with what this table adds.
     */
    public static TableDescriptor layout(int id, TableSpec spec, Consistency consistency, int servers, int partitions,
                                         long[] load) {
        if (servers <= 0) {
            throw new IllegalArgumentException("no servers to place " + spec + " on");
        }
        Consistency rule = spec.consistency() != null ? spec.consistency() : consistency;
        if (!spec.isDense()) {
            int[] owners = new int[partitions];
            int start = leastLoaded(load);
            for (int p = 0; p < partitions; p++) {
                owners[p] = (start + p) % servers;
            }
            load[start] += 1;
            return new TableDescriptor(id, spec, rule, 1, 0, owners);
        }
        long elements = spec.size();
        int slices = sliceCount(elements, spec.maxSliceBytes(), servers);
        int sliceLength = (int) ceilDiv(elements, slices);
        slices = (int) ceilDiv(elements, sliceLength);
        int[] owners = new int[slices];
        for (int s = 0; s < slices; s++) {
            int server = leastLoaded(load);
            owners[s] = server;
            load[server] += Math.min(sliceLength, elements - (long) s * sliceLength) * Float.BYTES;
        }
        return new TableDescriptor(id, spec, rule, 1, sliceLength, owners);
    }

    private static int leastLoaded(long[] load) {
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] < load[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
