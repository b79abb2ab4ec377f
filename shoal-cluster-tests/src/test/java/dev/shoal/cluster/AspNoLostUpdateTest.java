package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ASP: W workers in separate processes each add 1 to every element of a dense table and to the rows of 20,000
 * sparse keys (spread over both servers) K times; both tables must hold exactly W*K everywhere.
 */
@Timeout(180)
class AspNoLostUpdateTest {

    @Test
    void everyPushIsAppliedExactlyOnce() {
        int workers = 3;
        int clocks = 30;
        try (LocalCluster c = Clusters.builder("asp-sum", 2, workers, "asp")
                .workerArgs(List.of("--job", "sum", "--size", "300000", "--sparse-keys", "20000",
                        "--clocks", String.valueOf(clocks))).build()) {
            c.start();
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("worker exit code, logs in %s", c.logDir()).isZero();
            for (int w = 0; w < workers; w++) {
                assertThat(Clusters.log(c, "worker-" + w))
                        .contains("SUM_CHECK_PASSED worker=").contains("sparse_keys=20000")
                        .contains("value=" + (float) (workers * clocks));
            }
        }
    }
}
