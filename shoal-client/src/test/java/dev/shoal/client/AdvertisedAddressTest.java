package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.server.node.ServerConfig;
import dev.shoal.server.node.ServerNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server bound to every interface, with no address to advertise, publishes the interface it reaches the
 * coordinator through (not a guess such as the host name), and workers reach it there.
 */
@Timeout(60)
class AdvertisedAddressTest {

    @Test
    void aServerOnTheWildcardAddressAdvertisesTheInterfaceTowardsTheCoordinator() {
        try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults(1, 1).withPort(0)
                .withConsistency(Consistency.asp()));
             ServerNode server = ServerNode.start(ServerConfig.of("127.0.0.1", coordinator.port())
                     .withBindHost("0.0.0.0"));
             ShoalClient ps = ShoalClient.connect(ClientConfig.of("127.0.0.1:" + coordinator.port())
                     .withJoinTimeout(Duration.ofSeconds(20)))) {
            assertThat(ps.view().servers().get(0).host()).isEqualTo("127.0.0.1");
            assertThat(ps.view().servers().get(0).port()).isEqualTo(server.port());
            DenseTable t = ps.dense(TableSpec.dense("adv.w", 4));
            float[] v = new float[4];
            t.pull(v);
            assertThat(v).containsOnly(0f);
        }
    }
}
