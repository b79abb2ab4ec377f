package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BSP with 3 workers in separate processes reaches the parameters (to 1e-5) of sequential SGD on the union of their
 * batches; each worker replays the sequential run itself and compares (see BspCheckJob).
 */
@Timeout(180)
class BspEquivalenceTest {

    @Test
    void bspEqualsSequentialSgdOnTheUnionBatch() {
        try (LocalCluster c = Clusters.builder("bsp-eq", 2, 3, "bsp")
                .workerArgs(List.of("--job", "bsp-check", "--clocks", "50", "--seed", "7")).build()) {
            c.start();
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("worker exit code, logs in %s", c.logDir()).isZero();
            for (int w = 0; w < 3; w++) {
                // Process names follow start order, worker ids follow join order: match any id.
                assertThat(Clusters.log(c, "worker-" + w)).containsPattern("BSP_CHECK_PASSED worker=\\d workers=3");
            }
        }
    }
}
