package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.eval.netem.EmulatedNetwork;
import dev.shoal.eval.netem.LinkRate;
import dev.shoal.eval.netem.NetworkEmulationException;
import dev.shoal.launch.LocalCluster;
import dev.shoal.transport.status.NodeStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real coordinator, server and worker, each in its own namespace of an emulated network. */
@Timeout(90)
class EmulatedClusterTest {
    @TempDir
    Path logs;

    @Test
    void sumJobRunsAcrossTheShapedLinks() throws IOException {
        if (EmulatedNetwork.refusal().isPresent()) {
            assertThatThrownBy(() -> EmulatedNetwork.create(3, LinkRate.parse("1gbit")))
                    .isInstanceOf(NetworkEmulationException.class);
            return;
        }
        try (EmulatedNetwork net = EmulatedNetwork.create(3, LinkRate.parse("1gbit"));
             LocalCluster c = LocalCluster.builder().servers(1).workers(1).placement(net.placement(1))
                     .logDir(logs).jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                     .workerArgs(List.of("--job", "sum", "--size", "65536", "--sparse-keys", "1000", "--clocks", "5"))
                     .build()) {
            c.start();
            assertThat(c.coordinatorAddress()).startsWith(net.address(0) + ":");
            NodeStatus server = c.status("server-0").orElseThrow();
            assertThat(server.address()).startsWith(net.address(1) + ":");
            // This process, in the root namespace, reaches the server through the bridge.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(net.address(1), server.port()), 5_000);
            }
            // 'ip netns exec' execs java, so the process LocalCluster signals is the JVM itself.
            assertThat(c.process("server-0").info().command()).hasValueSatisfying(cmd -> assertThat(cmd)
                    .endsWith("/java"));

            assertThat(c.awaitWorkers(Duration.ofSeconds(60))).isZero();
            assertThat(c.failure()).isEmpty();
            // The worker's 5 pushes of the 256 KiB table went up its link and down the server's; the final pull
            // came back the other way.
            int table = 65536 * Float.BYTES;
            assertThat(net.bytesSent(2)).isGreaterThan(5L * table);
            assertThat(net.bytesReceived(1)).isGreaterThan(5L * table);
            assertThat(net.bytesSent(1)).isGreaterThan(table);
            assertThat(net.bytesReceived(2)).isGreaterThan(table);
        }
    }
}
