package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import dev.shoal.cli.train.TrainCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code shoal train --coordinator}: workers started by the command join a cluster that was already running, train,
 * and the command writes its report.
 */
class TrainCommandTest {

    @Test
    void trainsAgainstARunningClusterAndWritesTheReport() throws IOException {
        Path out = Path.of("target", "training-runs", "train-command-" + System.nanoTime()).toAbsolutePath();
        try (LocalCluster cluster = Clusters.builder("train-command", 1, 1, "bsp").launchWorkers(false).build()) {
            cluster.start();
            StringWriter text = new StringWriter();
            int code = new CommandLine(new TrainCommand()).setOut(new PrintWriter(text, true))
                    .setErr(new PrintWriter(text, true))
                    .execute("--model", "sparse-lr", "--data", TrainingRuns.spamAssassin().toString(), "--epochs",
                            "1", "--coordinator", cluster.coordinatorAddress(), "--workers", "1", "--out",
                            out.toString());
            assertThat(code).as("shoal train's output:%n%s", text).isZero();
            assertThat(text.toString()).contains("final test accuracy").contains("plot " + out.resolve("plot.png"));
            // no terminal here: one line per evaluation, as many as worker 0 wrote to metrics.csv
            long evalLines = text.toString().lines().filter(l -> l.matches("step +\\d+ .*test accuracy .*")).count();
            long evaluations = Files.readAllLines(out.resolve("metrics.csv")).size() - 1;
            assertThat(evalLines).isPositive().isEqualTo(evaluations);
        }
        assertThat(Files.readAllLines(out.resolve("events").resolve("worker-0.jsonl")))
                .first().asString().startsWith("{\"event\":\"started\"");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"model\"").contains("sparse-lr")
                .contains("\"workers\": 1");
        byte[] png = Files.readAllBytes(out.resolve("plot.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(out.resolve("model.bin")).isNotEmptyFile();
        assertThat(out.resolve("job.yaml")).isNotEmptyFile();
    }

    /**
     * shoal train checks the data before it starts anything (shoal-cli's TrainCommandTest); a worker started by
     * hand on a host without the data still ends with the reader's message, not a stack trace.
     */
    @Test
    void workerWithoutTheDataEndsWithTheReadersMessage(@org.junit.jupiter.api.io.TempDir Path empty)
            throws IOException {
        Path job = empty.resolve("job.yaml");
        Files.writeString(job, "model: mlp\ndata: " + empty + "\nout: " + empty.resolve("out") + "\n");
        try (LocalCluster cluster = Clusters.builder("missing-data", 1, 1, "bsp").launchWorkers(false).build()) {
            cluster.start();
            cluster.startWorkers(1, List.of("--job", "train", "--job-file", job.toString()));

            assertThat(cluster.awaitWorkers(Duration.ofMinutes(2))).isEqualTo(2);
            assertThat(Clusters.log(cluster, "worker-0"))
                    .contains("JOB_FAILED no " + empty.resolve("train-images-idx3-ubyte.gz"))
                    .contains("install the data set").doesNotContain("\tat dev.shoal");
        }
    }
}
