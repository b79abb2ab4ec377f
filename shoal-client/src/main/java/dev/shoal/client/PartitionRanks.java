package dev.shoal.client;

import dev.shoal.protocol.table.TableDescriptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For a sparse table, the position of each partition when partitions are listed by owning server, then by id:
 * sorting keys by this rank groups them by owner, and within an owner by partition. Computed once per layout.
 *
 * <p>Keys are grouped by owner, not by the server answering for them now, because the partitions of one owner have
 * the same replicas (the owner and the servers after it) and so the same primary under every view: a frame of one
 * owner's keys goes whole to one server, and after a fail-over it is resent whole to one server (a frame that mixed
 * two owners could need two servers once one of them came back).
 */
final class PartitionRanks {
    private static final Map<TableDescriptor, int[]> CACHE = new ConcurrentHashMap<>();

    private PartitionRanks() {
    }

    static int[] of(TableDescriptor d) {
        return CACHE.computeIfAbsent(d, PartitionRanks::compute);
    }

    private static int[] compute(TableDescriptor d) {
        int partitions = d.units();
        int servers = 0;
        for (int p = 0; p < partitions; p++) {
            servers = Math.max(servers, d.owner(p) + 1);
        }
        int[] start = new int[servers + 1];
        for (int p = 0; p < partitions; p++) {
            start[d.owner(p) + 1]++;
        }
        for (int s = 0; s < servers; s++) {
            start[s + 1] += start[s];
        }
        int[] rank = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            rank[p] = start[d.owner(p)]++;
        }
        return rank;
    }
}
