package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server dies or hangs in the middle of a job of three servers, every range held twice (the default replication),
 * under ASP, SSP and BSP (where rounds are replicated after aggregation):
 * the job goes on without anyone doing anything, a restarted or resumed server rejoins and catches up, and every
 * total is exact, so no acknowledged update was lost or applied twice. Every node is its own JVM; servers are killed
 * with SIGKILL or stopped with SIGSTOP.
 */
@Timeout(240)
class ServerFailoverTest {
    private static final int WORKERS = 2;
    private static final int CLOCKS = 60;

    private static LocalCluster sumJob(String name, String consistency, int clocks, String delayMs) {
        return Clusters.builder(name, 3, WORKERS, consistency)
                .workerArgs(List.of("--job", "sum", "--size", "200000", "--sparse-keys", "20000",
                        "--clocks", String.valueOf(clocks), "--delay-ms", delayMs)).build();
    }

    /** Waits until worker 0 has logged that it finished {@code clock} clocks (the job logs every fifth of them). */
    private static void awaitClock(LocalCluster c, int clock) {
        awaitClock(c, clock, CLOCKS);
    }

    private static void awaitClock(LocalCluster c, int clock, int of) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() ->
                Clusters.log(c, "worker-0").contains("finished clock " + clock + " of " + of));
    }

    /**
     * Every worker found every element at what no lost and no doubled update gives: each clock's -1 once from each
     * worker (ASP, SSP), or each round's average of them once (BSP).
     */
    private static void assertExactTotals(LocalCluster c, String consistency, int clocks) {
        float expected = consistency.equals("bsp") ? clocks : WORKERS * clocks;
        for (int w = 0; w < WORKERS; w++) {
            assertThat(Clusters.log(c, "worker-" + w))
                    .contains("SUM_CHECK_PASSED worker=").contains("sparse_keys=20000")
                    .contains("value=" + expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"asp", "ssp:1", "bsp"})
    void aKilledServerFailsOverAndNoUpdateIsLostOrDoubled(String consistency) {
        try (LocalCluster c = sumJob("failover-kill-" + consistency.replace(':', '-'), consistency, CLOCKS, "40")) {
            c.start();
            awaitClock(c, 12);
            c.kill("server-1");
            assertThat(c.awaitWorkers(Duration.ofMinutes(3))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertExactTotals(c, consistency, CLOCKS);
            assertThat(Clusters.log(c, "coordinator")).contains("server 1 at").contains("is lost")
                    .contains("fail over to their backups under layout epoch 2");
        }
    }

    @Test
    void aServerPausedPastTheHeartbeatTimeoutIsReplacedAndRejoinsOnceResumed() {
        try (LocalCluster c = sumJob("failover-pause", "asp", CLOCKS, "40")) {
            c.start();
            awaitClock(c, 12);
            c.pause("server-2");
            awaitCoordinator(c, "fail over to their backups under layout epoch 2");
            c.resume("server-2");
            awaitCoordinator(c, "is back in service");
            assertThat(Clusters.log(c, "server-2")).contains("declared this server dead")
                    .contains("registering again to rejoin");
            assertThat(c.awaitWorkers(Duration.ofMinutes(3))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertExactTotals(c, "asp", CLOCKS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"asp", "ssp:1", "bsp"})
    void serversKilledAndRestartedTenTimesLoseAndDoubleNothing(String consistency) {
        int clocks = 1500;
        try (LocalCluster c = sumJob("failover-churn-" + consistency.replace(':', '-'), consistency, clocks, "20")) {
            c.start();
            awaitClock(c, clocks / 5, clocks);
            List<String> live = new ArrayList<>(List.of("server-0", "server-1", "server-2"));
            for (int kill = 1; kill <= 10; kill++) {
                String victim = live.remove(kill % live.size());
                c.kill(victim);
                live.add(c.startServer());
                int backs = kill;
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                        count(Clusters.log(c, "coordinator"), "is back in service") >= backs);
            }
            assertThat(Clusters.log(c, "worker-0")).as("the workers were still running after the tenth kill")
                    .doesNotContain("SUM_CHECK_PASSED");
            assertThat(c.awaitWorkers(Duration.ofMinutes(3))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertExactTotals(c, consistency, clocks);
        }
    }

    private static void awaitCoordinator(LocalCluster c, String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                Clusters.log(c, "coordinator").contains(text));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
