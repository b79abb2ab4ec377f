package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.table.TableDescriptor;
import java.util.Arrays;

/**
 * Who answers for each unit (slice or partition) of one table under one cluster view, and where a primary sends
 * the copies of what it applies: computed once per view, so a request only indexes arrays.
 *
 * <pre>{@code
 * UnitRoles roles = UnitRoles.of(descriptor, view);
 * if (roles.primary(slice) != serverId) throw notOwner(...);
 * int[] copies = roles.backups(slice);        // servers in service holding the slice, primary excluded
 * }</pre>
 *
 * <p>A unit's primary is the first of its replicas in service ({@link ClusterView#primaryOf}); its backups, which
 * the primary copies every push to, are the others in service and those joining (catching up after a rejoin).
 */
final class UnitRoles {
    private static final int[] NONE = new int[0];
    private final int[] primary;
    private final int[][] backups;

    private UnitRoles(int[] primary, int[][] backups) {
        this.primary = primary;
        this.backups = backups;
    }

    /** Roles of {@code d}'s units under {@code v}. */
    static UnitRoles of(TableDescriptor d, ClusterView v) {
        int n = v.servers().size();
        int[] primary = new int[d.units()];
        int[][] backups = new int[d.units()][];
        int[] scratch = new int[d.replicas()];
        for (int u = 0; u < d.units(); u++) {
            primary[u] = v.primaryOf(d, u);
            int k = 0;
            for (int i = 0; i < d.replicas(); i++) {
                int s = d.replica(u, i, n);
                if (s != primary[u] && v.isReplicating(s)) {
                    scratch[k++] = s;
                }
            }
            backups[u] = k == 0 ? NONE : Arrays.copyOf(scratch, k);
        }
        return new UnitRoles(primary, backups);
    }

    /** The server answering for {@code unit}, or -1 when none of its replicas is in service. */
    int primary(int unit) {
        return primary[unit];
    }

    /** The backups of {@code unit}, in service or joining (do not modify). */
    int[] backups(int unit) {
        return backups[unit];
    }
}
