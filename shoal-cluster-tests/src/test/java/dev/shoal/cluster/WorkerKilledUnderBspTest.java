package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker killed with SIGKILL mid-run under BSP: the coordinator drops it and the others finish correctly. */
@Timeout(180)
class WorkerKilledUnderBspTest {

    @Test
    void survivorsFinishAfterAWorkerDies() {
        try (LocalCluster c = Clusters.builder("bsp-kill", 2, 3, "bsp").heartbeatTimeout(Duration.ofSeconds(2))
                .workerArgs(List.of("--job", "sum", "--size", "100000", "--clocks", "40", "--delay-ms", "50")).build()) {
            c.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Clusters.log(c, "worker-2").contains("finished clock"));
            c.kill("worker-2");
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("survivors' exit code, logs in %s", c.logDir())
                    .isZero();
            // Under BSP every round applies the average of the live workers' -1: the sum is exactly the clock count.
            for (String survivor : List.of("worker-0", "worker-1")) {
                assertThat(Clusters.log(c, survivor)).contains("SUM_CHECK_PASSED worker=").contains("value=40.0");
            }
            assertThat(Clusters.log(c, "coordinator")).containsPattern("worker \\d at \\S+ is dead");
        }
    }
}
