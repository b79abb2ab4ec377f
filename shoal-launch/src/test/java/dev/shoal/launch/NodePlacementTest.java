package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class NodePlacementTest {
    private static final Map<String, String> HOSTS = Map.of("coordinator", "127.0.0.2", "server-0", "127.0.0.3",
            "server-1", "127.0.0.4", "worker-0", "127.0.0.5");

    /** Each node on its own loopback address, started through env, which execs java as ip netns exec does. */
    private static final NodePlacement PLACEMENT = new NodePlacement() {
        @Override
        public String host(String node) {
            return HOSTS.get(node);
        }

        @Override
        public List<String> commandPrefix(String node) {
            return List.of("/usr/bin/env", "SHOAL_PLACED=" + node);
        }
    };

    @TempDir
    Path logs;

    @Test
    void nodesListenOnTheirHostAndStartThroughTheirPrefix() throws IOException {
        try (LocalCluster c = Fakes.cluster(logs).servers(2).workers(1).placement(PLACEMENT).build()) {
            c.start();
            assertThat(c.awaitWorkers(Duration.ofSeconds(60))).isZero();

            String coordinator = c.coordinatorAddress();
            assertThat(coordinator).startsWith("127.0.0.2:");
            assertThat(log(c, "coordinator")).contains("args: coordinator --host 127.0.0.2 --port ");
            assertThat(log(c, "server-0")).contains("args: server --coordinator " + coordinator + " --host 127.0.0.3");
            assertThat(log(c, "server-1")).contains("args: server --coordinator " + coordinator + " --host 127.0.0.4");
            assertThat(log(c, "worker-0")).contains("args: worker --coordinator " + coordinator);
            for (String node : c.nodeNames()) {
                assertThat(log(c, node).lines().findFirst().orElseThrow())
                        .contains("): /usr/bin/env SHOAL_PLACED=" + node + " ");
            }
            // The prefix execs java, so the process the cluster signals on close is the node's JVM.
            assertThat(c.process("server-0").info().command()).hasValueSatisfying(cmd -> assertThat(cmd)
                    .endsWith("/java"));
        }
    }

    @Test
    void loopbackIsTheDefault() {
        try (LocalCluster c = Fakes.cluster(logs).servers(1).launchWorkers(false).build()) {
            c.start();
            assertThat(c.coordinatorAddress()).startsWith("127.0.0.1:");
            assertThat(NodePlacement.LOOPBACK.commandPrefix("server-0")).isEmpty();
            assertThat(NodePlacement.LOOPBACK.host("worker-3")).isEqualTo("127.0.0.1");
        }
    }

    private static String log(LocalCluster c, String node) throws IOException {
        return Files.readString(c.logFile(node));
    }
}
