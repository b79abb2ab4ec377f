package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.table.TableDescriptor;

/**
 * For a sparse table under one layout epoch, the server answering each partition (its primary, or its owner when
 * no replica is in service: requests for it then wait for a view that has one) and the position of each partition
 * when partitions are listed by that server, then by id: sorting keys by this rank groups them by server, and
 * within a server by partition. Computed once per table and layout epoch ({@link SparseTable} keeps the latest).
 *
 * <pre>{@code
 * PartitionRanks r = PartitionRanks.of(descriptor, view);
 * int server = r.server[partition];
 * }</pre>
 */
final class PartitionRanks {
    final int layoutEpoch;
    final int[] server;
    final int[] rank;

    private PartitionRanks(int layoutEpoch, int[] server, int[] rank) {
        this.layoutEpoch = layoutEpoch;
        this.server = server;
        this.rank = rank;
    }

    static PartitionRanks of(TableDescriptor d, ClusterView v) {
        int partitions = d.units();
        int servers = v.servers().size();
        int[] server = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            int primary = v.primaryOf(d, p);
            server[p] = primary >= 0 ? primary : d.owner(p);
        }
        int[] start = new int[servers + 1];
        for (int p = 0; p < partitions; p++) {
            start[server[p] + 1]++;
        }
        for (int s = 0; s < servers; s++) {
            start[s + 1] += start[s];
        }
        int[] rank = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            rank[p] = start[server[p]]++;
        }
        return new PartitionRanks(v.layoutEpoch(), server, rank);
    }
}
