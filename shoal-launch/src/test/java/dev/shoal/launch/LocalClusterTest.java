package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.transport.status.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LocalClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path logs;

    @Test
    void launchesEveryNodeWithTheFlagsTheSubcommandsExpect() throws IOException {
        Queue<String> echoed = new ConcurrentLinkedQueue<>();
        try (LocalCluster c = Fakes.cluster(logs).servers(2).workers(2).consistency("SSP:2")
                .heartbeatTimeout(Duration.ofMillis(1500)).workerArgs(List.of("--clocks", "3"))
                .output(NodeOutput.prefixed(echoed::add)).build()) {
            c.start();
            assertThat(c.awaitWorkers(WAIT)).isZero();

            String coordinator = c.coordinatorAddress();
            int port = Integer.parseInt(coordinator.substring(coordinator.indexOf(':') + 1));
            assertThat(coordinator).isEqualTo("127.0.0.1:" + port);
            assertThat(log(c, "coordinator")).contains("args: coordinator --host 127.0.0.1 --port " + port
                    + " --servers 2 --workers 2 --consistency ssp:2 --heartbeat-timeout-ms 1500");
            assertThat(log(c, "server-1")).containsPattern(
                    "args: server --coordinator " + coordinator + " --host 127.0.0.1 --port \\d+\n");
            assertThat(log(c, "worker-0")).contains("args: worker --coordinator " + coordinator + " --clocks 3");
            assertThat(c.nodeNames()).containsExactly("coordinator", "server-0", "server-1", "worker-0", "worker-1");
            int serverPort = c.status("server-0").orElseThrow().port();
            assertThat(echoed).contains("[worker-1] working", "[server-0] server listening on 127.0.0.1:" + serverPort);
            assertThat(c.failure()).isEmpty();
            // where the servers are comes from their status files
            assertThat(c.status("server-1").orElseThrow().address()).isEqualTo("127.0.0.1:"
                    + log(c, "server-1").lines().findFirst().orElseThrow().replaceAll(".* --port (\\d+).*", "$1"));
            assertThat(c.status("worker-0").orElseThrow().state()).isEqualTo(NodeStatus.State.DONE);
        }
    }

    @Test
    void workerJvmOptionsReachTheWorkersOnly() throws IOException {
        try (LocalCluster c = Fakes.cluster(logs).servers(1).workers(1)
                .workerJvmOptions(List.of("-Dshoal.test.role=worker")).build()) {
            c.start();
            assertThat(c.awaitWorkers(WAIT)).isZero();
            // each log starts with the node's whole command line
            assertThat(log(c, "worker-0").lines().findFirst().orElseThrow()).contains("-Dshoal.test.role=worker");
            assertThat(log(c, "server-0").lines().findFirst().orElseThrow()).doesNotContain("shoal.test.role");
            assertThat(log(c, "coordinator")).doesNotContain("shoal.test.role");
        }
    }

    @Test
    void basePortPutsServersAfterTheCoordinator() throws IOException {
        int base = Ports.free(1)[0];
        try (LocalCluster c = Fakes.cluster(logs).servers(1).launchWorkers(false).basePort(base).build()) {
            c.start();
            assertThat(c.coordinatorAddress()).isEqualTo("127.0.0.1:" + base);
            assertThat(c.status("server-0").orElseThrow().port()).isEqualTo(base + 1);
        }
    }

    @Test
    void workerExitingWithAnErrorIsReportedByName() {
        try (LocalCluster c = Fakes.cluster(logs).servers(1).workers(2).launchWorkers(false).build()) {
            c.start();
            c.startWorkers(1, List.of());
            c.startWorkers(1, List.of("--exit", "3"));

            assertThat(c.awaitWorkers(WAIT)).isEqualTo(3);
            NodeFailure failure = c.failure().orElseThrow();
            assertThat(failure.node()).isEqualTo("worker-1");
            assertThat(failure.exitCode()).isEqualTo(3);
            assertThat(failure.logFile()).isEqualTo(logs.resolve("worker-1.log"));
            assertThat(failure.lastLines()).endsWith("working", "exiting with 3");
            assertThat(failure.error()).isEqualTo("exiting with 3");
            assertThat(failure.describe()).startsWith("worker-1 exited with code 3: exiting with 3; last lines of "
                    + logs.resolve("worker-1.log")).contains("  | exiting with 3");
        }
    }

    @Test
    void serverFailingAtStartupFailsStartAndStopsTheCoordinator() {
        LocalCluster c = Fakes.cluster(logs).servers(2).serverArgs(List.of("--fail-with", "7")).build();
        try (c) {
            assertThatThrownBy(c::start).isInstanceOf(LocalClusterException.class)
                    .hasMessage("server-0 did not start: server-0 failed: failing on purpose with 7; log: "
                            + logs.resolve("server-0.log"));
            assertThat(c.process("coordinator").isAlive()).isFalse();
            assertThat(c.nodeNames()).doesNotContain("worker-0");
        }
    }

    @Test
    void serverExitingWithoutReportingIsDescribedByItsExitAndLastLines() {
        try (LocalCluster c = Fakes.cluster(logs).servers(1).serverArgs(List.of("--crash", "9")).build()) {
            assertThatThrownBy(c::start).isInstanceOf(LocalClusterException.class)
                    .hasMessageStartingWith("server-0 did not start: server-0 exited with code 9; last lines of "
                            + logs.resolve("server-0.log"))
                    .hasMessageContaining("  | crashing with 9");
            assertThat(c.status("server-0").orElseThrow().state()).isEqualTo(NodeStatus.State.STARTING);
        }
    }

    @Test
    void coordinatorThatNeverListensTimesOutNamingItsLog() {
        try (LocalCluster c = Fakes.cluster(logs).coordinatorArgs(List.of("--never-ready"))
                .startupTimeout(Duration.ofSeconds(3)).build()) {
            assertThatThrownBy(c::start).isInstanceOf(LocalClusterException.class)
                    .hasMessage("coordinator did not start: no ready status within 3 s; see "
                            + logs.resolve("coordinator.log"));
            assertThat(c.process("coordinator").isAlive()).isFalse();
        }
    }

    @Test
    void closeKillsNodesThatIgnoreSigterm() {
        LocalCluster c = Fakes.cluster(logs).servers(1).launchWorkers(false)
                .serverArgs(List.of("--ignore-sigterm")).stopGrace(Duration.ofSeconds(1)).build();
        c.start();
        Process coordinator = c.process("coordinator");
        Process server = c.process("server-0");

        c.close();

        assertThat(coordinator.isAlive()).isFalse();
        assertThat(server.isAlive()).isFalse();
        assertThat(coordinator.exitValue()).isEqualTo(143);
        assertThat(server.exitValue()).isEqualTo(137);
        assertThat(c.failure()).isEmpty();
    }

    @Test
    void killedNodeIsNotAFailureAndCanBeReplaced() throws IOException {
        try (LocalCluster c = Fakes.cluster(logs).servers(2).launchWorkers(false).build()) {
            c.start();
            c.kill("server-1");

            assertThat(c.process("server-1").isAlive()).isFalse();
            assertThat(c.startServer()).isEqualTo("server-2");
            assertThat(c.status("server-2").orElseThrow().state()).isEqualTo(NodeStatus.State.READY);
            assertThat(c.awaitWorkers(WAIT)).isZero();
            assertThat(c.failure()).isEmpty();
        }
    }

    private static String log(LocalCluster c, String node) throws IOException {
        return Files.readString(c.logFile(node));
    }
}
