package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import dev.shoal.ml.train.DataPaths;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.JobFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a training job on a local cluster of separate JVMs, as {@code shoal train --local} does, and reads back
 * what worker 0 wrote.
 *
 * <pre>{@code
 * TrainingRuns.Run run = TrainingRuns.run("mlp-bsp", job, 2, 2);
 * double acc = run.bestAccuracy();
 * }</pre>
 *
 * <p>The data sets must be installed ({@code scripts/install-data.sh}, which {@code .ci/run} runs): a missing one
 * fails the test with that command rather than skipping it, so a CI without data cannot pass silently.
 */
final class TrainingRuns {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TrainingRuns() {
    }

    /** Fashion-MNIST's directory, after checking it is installed. */
    static Path fashionMnist() {
        Path dir = DataPaths.fashionMnist();
        assertThat(FashionMnist.isPresent(dir))
                .as("Fashion-MNIST is not installed in %s: run scripts/install-data.sh", dir).isTrue();
        return dir;
    }

    /** The SpamAssassin corpus's directory, after checking it is installed. */
    static Path spamAssassin() {
        Path dir = DataPaths.spamAssassin();
        assertThat(Files.isDirectory(dir))
                .as("the SpamAssassin corpus is not installed in %s: run scripts/install-spam-assassin.sh", dir)
                .isTrue();
        return dir;
    }

    /**
     * A finished run.
     *
     * @param out   its output directory (job.yaml, metrics.csv, model.bin, logs/)
     * @param curve worker 0's evaluations, in order
     */
    record Run(Path out, List<EvalPoint> curve) {
        double finalAccuracy() {
            assertThat(curve).as("worker 0's evaluations in %s", out).isNotEmpty();
            return curve.get(curve.size() - 1).testAccuracy();
        }

        /** The highest test accuracy any evaluation of the run saw: what the run reached. */
        double bestAccuracy() {
            assertThat(curve).as("worker 0's evaluations in %s", out).isNotEmpty();
            return curve.stream().mapToDouble(EvalPoint::testAccuracy).max().orElseThrow();
        }
    }

    /** Trains {@code job} with its output under target/training-runs. */
    static Run run(String name, JobConfig job, int servers, int workers) throws IOException {
        return run(name, job, servers, workers, c -> { });
    }

    /**
     * {@link #run(String, JobConfig, int, int)}, calling {@code during} once the cluster started (to kill a node
     * mid-run; a killed node is not a failure).
     */
    static Run run(String name, JobConfig job, int servers, int workers, Consumer<LocalCluster> during)
            throws IOException {
        Path out = Path.of("target", "training-runs", name + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(out);
        JobConfig placed = job.withOut(out);
        Path jobFile = out.resolve("job.yaml");
        JobFile.write(placed, jobFile);
        try (LocalCluster cluster = LocalCluster.builder().servers(servers).workers(workers)
                .consistency(job.consistency().toString()).logDir(out.resolve("logs"))
                .jvmOptions(List.of("-Xmx1g"))
                .workerArgs(List.of("--job", "train", "--job-file", jobFile.toString())).build()) {
            cluster.start();
            during.accept(cluster);
            int code = cluster.awaitWorkers(TIMEOUT);
            assertThat(cluster.failure()).as("a node failed; logs in %s", cluster.logDir()).isEmpty();
            assertThat(code).as("workers' exit code; logs in %s", cluster.logDir()).isZero();
        }
        return new Run(out, MetricsLog.read(out.resolve("metrics.csv")));
    }
}
