package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.local.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ASP: W workers each add 1 to every element K times, in separate processes; the table must hold exactly W*K. */
@Timeout(180)
class AspNoLostUpdateTest {

    @Test
    void everyPushIsAppliedExactlyOnce() {
        int workers = 3;
        int clocks = 30;
        try (LocalCluster c = Clusters.builder("asp-sum", 2, workers, "asp")
                .workerArgs(List.of("--job", "sum", "--size", "300000", "--clocks", String.valueOf(clocks))).build()) {
            c.start();
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("worker exit code, logs in %s", c.logDir()).isZero();
            for (int w = 0; w < workers; w++) {
                assertThat(Clusters.log(c, "worker-" + w))
                        .contains("SUM_CHECK_PASSED worker=").contains("value=" + (float) (workers * clocks));
            }
        }
    }
}
