package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkPlacementTest {

    @Test
    void coordinatorThenServersThenWorkers() {
        assertThat(NetworkPlacement.index("coordinator", 2, 5)).isZero();
        assertThat(NetworkPlacement.index("server-0", 2, 5)).isEqualTo(1);
        assertThat(NetworkPlacement.index("server-1", 2, 5)).isEqualTo(2);
        assertThat(NetworkPlacement.index("worker-0", 2, 5)).isEqualTo(3);
        assertThat(NetworkPlacement.index("worker-1", 2, 5)).isEqualTo(4);
    }

    @Test
    void nodesWithoutANamespaceOfTheirOwnAreRefused() {
        for (String name : new String[] {"server-2", "worker-2", "worker--1", "tcp-sink", "server-x"}) {
            assertThatThrownBy(() -> NetworkPlacement.index(name, 2, 5)).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no node of the emulated network for '" + name + "'");
        }
    }
}
