package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server dies or hangs in the middle of a job of three servers, every range held twice (the default replication):
 * the job goes on without anyone doing anything, and every total is exact, so no acknowledged update was lost or
 * applied twice. Every node is its own JVM; the server is killed with SIGKILL or stopped with SIGSTOP.
 */
@Timeout(240)
class ServerFailoverTest {
    private static final int WORKERS = 2;
    private static final int CLOCKS = 60;

    private static LocalCluster sumJob(String name, String consistency) {
        return Clusters.builder(name, 3, WORKERS, consistency)
                .workerArgs(List.of("--job", "sum", "--size", "200000", "--sparse-keys", "20000",
                        "--clocks", String.valueOf(CLOCKS), "--delay-ms", "40")).build();
    }

    /** Waits until worker 0 has logged that it finished {@code clock} clocks (the job logs every fifth of them). */
    private static void awaitClock(LocalCluster c, int clock) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() ->
                Clusters.log(c, "worker-0").contains("finished clock " + clock + " of " + CLOCKS));
    }

    private static void assertExactTotals(LocalCluster c) {
        for (int w = 0; w < WORKERS; w++) {
            assertThat(Clusters.log(c, "worker-" + w))
                    .contains("SUM_CHECK_PASSED worker=").contains("sparse_keys=20000")
                    .contains("value=" + (float) (WORKERS * CLOCKS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"asp", "ssp:1"})
    void aKilledServerFailsOverAndNoUpdateIsLostOrDoubled(String consistency) {
        try (LocalCluster c = sumJob("failover-kill-" + consistency.replace(':', '-'), consistency)) {
            c.start();
            awaitClock(c, 12);
            c.kill("server-1");
            assertThat(c.awaitWorkers(Duration.ofMinutes(3))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertExactTotals(c);
            assertThat(Clusters.log(c, "coordinator")).contains("server 1 at").contains("is lost")
                    .contains("fail over to their backups under layout epoch 2");
        }
    }

    @Test
    void aServerPausedPastTheHeartbeatTimeoutIsReplacedAndStopsOnceResumed() {
        try (LocalCluster c = sumJob("failover-pause", "asp")) {
            c.start();
            awaitClock(c, 12);
            c.pause("server-2");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    Clusters.log(c, "coordinator").contains("fail over to their backups under layout epoch 2"));
            c.resume("server-2");
            assertThat(c.process("server-2").onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join()
                    .exitValue()).as("the resumed server stops, logs in %s", c.logDir()).isEqualTo(1);
            assertThat(Clusters.log(c, "server-2")).contains("declared this server dead");
            assertThat(c.awaitWorkers(Duration.ofMinutes(3))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertExactTotals(c);
        }
    }
}
