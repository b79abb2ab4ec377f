package dev.shoal.protocol.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.table.Consistency;
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
    void endpointAndRoles() {
        assertThat(new NodeAddress(0, "127.0.0.1", 7101).endpoint()).isEqualTo("127.0.0.1:7101");
        assertThat(NodeRole.ofId(0)).isSameAs(NodeRole.SERVER);
        assertThat(NodeRole.ofId(1)).isSameAs(NodeRole.WORKER);
        assertThatThrownBy(() -> NodeRole.ofId(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
    }
}
