package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(echoed).contains("[worker-1] working", "[server-0] server listening on 127.0.0.1:"
                    + serverPort(log(c, "server-0")));
            assertThat(c.failure()).isEmpty();
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
            assertThat(serverPort(log(c, "server-0"))).isEqualTo(base + 1);
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
            assertThat(failure.describe()).startsWith("worker-1 exited with code 3; last lines of "
                    + logs.resolve("worker-1.log")).contains("  | exiting with 3");
        }
    }

    @Test
    void serverFailingAtStartupFailsStartAndStopsTheCoordinator() {
        LocalCluster c = Fakes.cluster(logs).servers(2).serverArgs(List.of("--fail-with", "7")).build();
        try (c) {
            assertThatThrownBy(c::start).isInstanceOf(LocalClusterException.class)
                    .hasMessageStartingWith("server-0 did not start: server-0 exited with code 7")
                    .hasMessageContaining(logs.resolve("server-0.log").toString())
                    .hasMessageContaining("  | failing on purpose with 7");
            assertThat(c.process("coordinator").isAlive()).isFalse();
            assertThat(c.nodeNames()).doesNotContain("worker-0");
        }
    }

    @Test
    void coordinatorThatNeverListensTimesOutNamingItsLog() {
        try (LocalCluster c = Fakes.cluster(logs).coordinatorArgs(List.of("--never-ready"))
                .startupTimeout(Duration.ofSeconds(3)).build()) {
            assertThatThrownBy(c::start).isInstanceOf(LocalClusterException.class)
                    .hasMessage("coordinator did not say it is listening within 3 s; see "
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
            assertThat(log(c, "server-2")).contains("server listening on");
            assertThat(c.awaitWorkers(WAIT)).isZero();
            assertThat(c.failure()).isEmpty();
        }
    }

    private static String log(LocalCluster c, String node) throws IOException {
        return Files.readString(c.logFile(node));
    }

    private static int serverPort(String log) {
        String marker = "server listening on 127.0.0.1:";
        int at = log.indexOf(marker) + marker.length();
        return Integer.parseInt(log.substring(at, log.indexOf('\n', at)));
    }
}
