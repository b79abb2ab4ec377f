package dev.shoal.server.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static TableDescriptor layout(TableSpec spec, Consistency c, int servers) {
        return Slicing.layout(1, spec, c, servers, 16, new long[servers]);
    }

    /** A view of {@code servers} servers, all in service. */
    static ClusterView view(int servers) {
        List<NodeAddress> all = new ArrayList<>();
        for (int s = 0; s < servers; s++) {
            all.add(new NodeAddress(s, "127.0.0.1", 7101 + s));
        }
        return new ClusterView(1, all, new int[] {0}, 1, Consistency.asp(), 16);
    }

    /** A registry that has seen a view of {@code servers} servers. */
    static TablePartRegistry registry(int servers) {
        TablePartRegistry r = new TablePartRegistry();
        r.onView(view(servers));
        return r;
    }

    @Test
    void countsReplicasLikePrimaries() {
        TableDescriptor d = layout(TableSpec.dense("w", 1 << 20), Consistency.asp(), 3).withReplicas(2);
        long total = 0;
        for (int s = 0; s < 3; s++) {
            total += MemoryBudget.bytesHere(d, s, view(3));
        }
        assertThat(total).isEqualTo((1L << 20) * 4 * 2);
    }

    @Test
    void countsParametersStateAndBspSumsOfTheSlicesHeldHere() {
        TableDescriptor adamBsp = layout(TableSpec.dense("w", 1 << 20).optimizer(OptimizerSpec.adam(1e-3f)),
                Consistency.bsp(), 2);
        long server0 = MemoryBudget.bytesHere(adamBsp, 0, view(2));
        long server1 = MemoryBudget.bytesHere(adamBsp, 1, view(2));
        assertThat(server0 + server1).isEqualTo((1L << 20) * 4 * (1 + 2 + 2));
        TableDescriptor sgdAsp = layout(TableSpec.dense("w", 1 << 20), Consistency.asp(), 1);
        assertThat(MemoryBudget.bytesHere(sgdAsp, 0, view(1))).isEqualTo((1L << 20) * 4);
    }

    @Test
    void aTableTooBigForTheHeapIsRefusedWithWhatItNeeds() {
        int[] shape = {1 << 16, 1 << 15};   // 2^31 floats: 8 GiB of parameters, more than a test JVM has
        TableDescriptor huge = layout(TableSpec.dense("huge", shape), Consistency.asp(), 1);
        assertThatThrownBy(() -> registry(1).install(huge, 0))
                .isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED))
                .hasMessageContaining("'huge'").hasMessageContaining("8192 MiB").hasMessageContaining("-Xmx");
    }
}
