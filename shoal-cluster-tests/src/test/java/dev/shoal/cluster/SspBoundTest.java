package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SSP(2) under random per-step delays (worker 0 three times slower): every pull's observed gap between the
 * worker's clock and the slowest live worker's is at most 2, and the run finishes.
 */
@Timeout(180)
class SspBoundTest {

    @Test
    void noPullObservesAGapAboveTheBound() {
        int workers = 3;
        int clocks = 25;
        try (LocalCluster c = Clusters.builder("ssp-bound", 2, workers, "ssp:2")
                .workerArgs(List.of("--job", "ssp-check", "--size", "4096", "--clocks", String.valueOf(clocks),
                        "--delay-ms", "20", "--seed", "11")).build()) {
            c.start();
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("worker exit code, logs in %s", c.logDir()).isZero();
            int observations = 0;
            int widest = 0;
            for (int w = 0; w < workers; w++) {
                for (String[] o : Clusters.matches(c, "worker-" + w, "SSP_OBSERVATION worker=\\d+ clock=(\\d+) min=(-?\\d+)")) {
                    int gap = Integer.parseInt(o[0]) - Integer.parseInt(o[1]);
                    assertThat(gap).as("clock %s, slowest %s on worker %d", o[0], o[1], w).isLessThanOrEqualTo(2);
                    widest = Math.max(widest, gap);
                    observations++;
                }
            }
            assertThat(observations).isEqualTo(workers * clocks);
            assertThat(widest).as("the fast workers did run ahead, so the bound was exercised").isPositive();
        }
    }
}
