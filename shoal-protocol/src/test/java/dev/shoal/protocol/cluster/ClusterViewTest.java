package dev.shoal.protocol.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

    @Test
    void liveWorkersAreSortedAndCopied() {
        int[] live = {4, 1, 3};
        List<NodeAddress> servers = new ArrayList<>(List.of(new NodeAddress(0, "h", 1)));
        ClusterView v = new ClusterView(1, servers, live, 5, Consistency.bsp(), 8);
        live[0] = 0;
        servers.clear();
        assertThat(v.liveWorkers()).containsExactly(1, 3, 4);
        assertThat(v.servers()).hasSize(1);
        v.liveWorkers()[0] = 42;
        assertThat(v.liveWorkers()).containsExactly(1, 3, 4);
        assertThat(v.liveWorkerCount()).isEqualTo(3);
        assertThat(v.isLiveWorker(3)).isTrue();
        assertThat(v.isLiveWorker(2)).isFalse();
        assertThat(v.isLiveWorker(0)).isFalse();
        assertThat(v).isEqualTo(new ClusterView(1, List.of(new NodeAddress(0, "h", 1)), new int[] {3, 4, 1}, 5,
                Consistency.bsp(), 8));
        assertThat(v).isNotEqualTo(new ClusterView(2, List.of(new NodeAddress(0, "h", 1)), new int[] {3, 4, 1}, 5,
                Consistency.bsp(), 8));
    }

    @Test
    void aViewBuiltWithoutLayoutFieldsHasEveryServerInServiceAtLayoutEpochOne() {
        ClusterView v = new ClusterView(4, servers(3), new int[] {0}, 1, Consistency.asp(), 8);
        assertThat(v.layoutEpoch()).isEqualTo(1);
        assertThat(v.inService()).containsExactly(0, 1, 2);
        assertThat(v.heartbeatMillis()).isEqualTo(ClusterView.DEFAULT_HEARTBEAT_MILLIS).isEqualTo(3000);
        assertThat(v).isEqualTo(new ClusterView(4, servers(3), new int[] {0}, 1, Consistency.asp(), 8, 1,
                new int[] {0, 1, 2}, 3000));
    }

    @Test
    void serversInServiceAreSortedCopiedAndPartOfEquality() {
        int[] inService = {2, 0};
        ClusterView v = new ClusterView(7, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2, inService, 2500);
        inService[0] = 1;
        assertThat(v.inService()).containsExactly(0, 2);
        v.inService()[0] = 1;
        assertThat(v.inService()).containsExactly(0, 2);
        assertThat(v.isInService(0)).isTrue();
        assertThat(v.isInService(1)).isFalse();
        assertThat(v.isInService(2)).isTrue();
        assertThat(v.isInService(3)).isFalse();
        ClusterView same = new ClusterView(7, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 2}, 2500);
        assertThat(v).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(v).isNotEqualTo(new ClusterView(7, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 3,
                new int[] {0, 2}, 2500));
        assertThat(v).isNotEqualTo(new ClusterView(7, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 1, 2}, 2500));
        assertThat(v).isNotEqualTo(new ClusterView(7, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 2}, 3000));
        assertThat(v.toString()).contains("inService=[0, 2]", "layout#2");
    }

    @Test
    void theFirstReplicaInServiceIsPrimaryAndOnlyTheOwnerAndTheNextServersHoldAUnit() {
        // 3 servers, 2 replicas, server 1 out of service; sparse partitions p owned by p % 3
        TableDescriptor d = new TableDescriptor(1, TableSpec.sparse("e", 4), Consistency.asp(), 1, 0,
                new int[] {0, 1, 2, 0, 1, 2}, 2);
        ClusterView v = new ClusterView(3, servers(3), new int[] {0}, 1, Consistency.asp(), 6, 2, new int[] {0, 2},
                3000);

        assertThat(v.primaryOf(d, 0)).as("owner 0 in service").isZero();
        assertThat(v.primaryOf(d, 1)).as("owner 1 out of service: its backup").isEqualTo(2);
        assertThat(v.primaryOf(d, 2)).as("owner 2 in service").isEqualTo(2);
        assertThat(v.primaryOf(d, 4)).isEqualTo(2);
        assertThat(d.replica(2, 1, 3)).as("the backup of a unit of the last server wraps to 0").isZero();

        assertThat(holders(v, d, 0)).containsExactly(0, 1);
        assertThat(holders(v, d, 1)).containsExactly(1, 2);
        assertThat(holders(v, d, 2)).as("wrapping").containsExactly(0, 2);
        assertThat(holders(v, d, 5)).containsExactly(0, 2);

        // with everyone in service the owner is primary
        ClusterView all = new ClusterView(2, servers(3), new int[] {0}, 1, Consistency.asp(), 6);
        for (int u = 0; u < d.units(); u++) {
            assertThat(all.primaryOf(d, u)).isEqualTo(d.owner(u));
        }
    }

    @Test
    void aUnitWithNoReplicaInServiceHasNoPrimary() {
        TableDescriptor one = new TableDescriptor(1, TableSpec.dense("w", 30), Consistency.bsp(), 1, 10,
                new int[] {0, 1, 2});
        ClusterView v = new ClusterView(3, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0, 2},
                3000);
        assertThat(one.replicas()).isEqualTo(1);
        assertThat(v.primaryOf(one, 1)).as("replicas 1, owner out of service").isEqualTo(-1);
        assertThat(v.primaryOf(one, 0)).isZero();
        assertThat(v.primaryOf(one, 2)).isEqualTo(2);
        assertThat(holders(v, one, 1)).containsExactly(1);

        TableDescriptor two = one.withReplicas(2);
        ClusterView onlyZero = new ClusterView(4, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 3,
                new int[] {0}, 3000);
        assertThat(onlyZero.primaryOf(two, 1)).as("servers 1 and 2 both out of service").isEqualTo(-1);
        assertThat(onlyZero.primaryOf(two, 2)).as("owner 2 out, its backup 0 in").isZero();
    }

    @Test
    void moreReplicasThanServersMeansEveryServerHoldsEveryUnit() {
        TableDescriptor d = new TableDescriptor(1, TableSpec.dense("w", 20), Consistency.bsp(), 1, 10,
                new int[] {1, 0}, 5);
        ClusterView v = new ClusterView(3, servers(2), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0},
                3000);
        assertThat(holders(v, d, 0)).containsExactly(0, 1);
        assertThat(holders(v, d, 1)).containsExactly(0, 1);
        assertThat(v.primaryOf(d, 0)).isZero();
        assertThat(v.primaryOf(d, 1)).isZero();
    }

    @Test
    void joiningServersAreSortedCopiedAndPartOfEquality() {
        int[] joining = {3, 1};
        ClusterView v = new ClusterView(8, servers(4), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0, 2},
                2500, joining);
        joining[0] = 2;
        assertThat(v.joining()).containsExactly(1, 3);
        v.joining()[0] = 2;
        assertThat(v.joining()).containsExactly(1, 3);
        ClusterView same = new ClusterView(8, servers(4), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0, 2},
                2500, new int[] {1, 3});
        assertThat(v).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(v).isNotEqualTo(new ClusterView(8, servers(4), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 2}, 2500, new int[] {1}));
        assertThat(v).isNotEqualTo(new ClusterView(8, servers(4), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 2}, 2500));
        assertThat(v.toString()).contains("inService=[0, 2]", "joining=[1, 3]", "layout#2");
        assertThat(new ClusterView(8, servers(4), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0, 2}, 2500)
                .toString()).doesNotContain("joining");
    }

    @Test
    void viewsBuiltWithoutJoiningHaveNoServerJoining() {
        ClusterView nine = new ClusterView(3, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2, new int[] {0, 2},
                3000);
        ClusterView six = new ClusterView(1, servers(3), new int[] {0}, 1, Consistency.bsp(), 8);
        assertThat(nine.joining()).isEmpty();
        assertThat(six.joining()).isEmpty();
        assertThat(nine).isEqualTo(new ClusterView(3, servers(3), new int[] {0}, 1, Consistency.bsp(), 8, 2,
                new int[] {0, 2}, 3000, new int[0]));
        for (int s = 0; s < 3; s++) {
            assertThat(nine.isJoining(s)).isFalse();
            assertThat(nine.isReplicating(s)).as("server %d", s).isEqualTo(nine.isInService(s));
            assertThat(six.isReplicating(s)).isTrue();
        }
    }

    @Test
    void aJoiningServerReplicatesButIsNotInServiceAndIsNeverPrimary() {
        // 3 servers; server 1 rejoined and is catching up: 0 and 2 in service
        ClusterView v = new ClusterView(5, servers(3), new int[] {0}, 1, Consistency.asp(), 6, 2, new int[] {0, 2},
                3000, new int[] {1});
        assertThat(v.isJoining(1)).isTrue();
        assertThat(v.isInService(1)).isFalse();
        assertThat(v.isReplicating(1)).as("joining: takes copies and clocks").isTrue();
        assertThat(v.isJoining(0)).isFalse();
        assertThat(v.isReplicating(0)).as("in service").isTrue();
        assertThat(v.isReplicating(2)).isTrue();
        assertThat(v.isJoining(3)).isFalse();
        assertThat(v.isReplicating(3)).as("no such server").isFalse();

        // a lost server (out of service, not joining) does not replicate
        ClusterView lost = new ClusterView(4, servers(3), new int[] {0}, 1, Consistency.asp(), 6, 2, new int[] {0, 2},
                3000);
        assertThat(lost.isReplicating(1)).isFalse();

        // primaryOf skips the joining server as it skips one out of service; it still holds its units
        TableDescriptor two = new TableDescriptor(1, TableSpec.sparse("e", 4), Consistency.asp(), 1, 0,
                new int[] {0, 1, 2, 0, 1, 2}, 2);
        for (int u = 0; u < two.units(); u++) {
            assertThat(v.primaryOf(two, u)).as("unit %d", u).isEqualTo(lost.primaryOf(two, u)).isNotEqualTo(1);
        }
        assertThat(v.primaryOf(two, 1)).as("owner 1 joining: its backup").isEqualTo(2);
        assertThat(v.primaryOf(two, 0)).as("owner 0; backup 1 joining").isZero();
        assertThat(holders(v, two, 0)).containsExactly(0, 1);
        assertThat(holders(v, two, 1)).containsExactly(1, 2);

        TableDescriptor one = two.withReplicas(1);
        assertThat(v.primaryOf(one, 1)).as("replicas 1, owner joining: no primary").isEqualTo(-1);
        assertThat(v.holds(one, 1, 1)).isTrue();

        // nothing is in service but server 1 is joining: no unit has a primary
        ClusterView onlyJoining = new ClusterView(6, servers(3), new int[] {0}, 1, Consistency.asp(), 6, 3,
                new int[0], 3000, new int[] {1});
        for (int u = 0; u < two.units(); u++) {
            assertThat(onlyJoining.primaryOf(two, u)).isEqualTo(-1);
        }
    }

    @Test
    void aDescriptorNeedsAtLeastOneReplica() {
        assertThatThrownBy(() -> new TableDescriptor(1, TableSpec.dense("w", 10), Consistency.bsp(), 1, 10,
                new int[] {0}, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    private static List<Integer> holders(ClusterView v, TableDescriptor d, int unit) {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < v.servers().size(); s++) {
            if (v.holds(d, unit, s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<NodeAddress> servers(int n) {
        List<NodeAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NodeAddress(i, "10.0.0." + (i + 1), 7101));
        }
        return out;
    }

    @Test
    void endpointAndRoles() {
        assertThat(new NodeAddress(0, "127.0.0.1", 7101).endpoint()).isEqualTo("127.0.0.1:7101");
        assertThat(NodeRole.ofId(0)).isSameAs(NodeRole.SERVER);
        assertThat(NodeRole.ofId(1)).isSameAs(NodeRole.WORKER);
        assertThatThrownBy(() -> NodeRole.ofId(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
    }
}
