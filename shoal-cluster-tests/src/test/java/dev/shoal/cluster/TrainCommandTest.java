package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import dev.shoal.cli.train.TrainCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void missingDataEndsTheRunWithTheReadersMessage(@org.junit.jupiter.api.io.TempDir Path empty) {
        Path out = Path.of("target", "training-runs", "missing-data-" + System.nanoTime()).toAbsolutePath();
        StringWriter text = new StringWriter();
        int code = new CommandLine(new TrainCommand()).setOut(new PrintWriter(text, true))
                .setErr(new PrintWriter(text, true))
                .execute("--model", "mlp", "--data", empty.toString(), "--local", "--servers", "1", "--workers", "1",
                        "--out", out.toString());
        assertThat(code).isNotZero();
        assertThat(text.toString()).contains("worker-0 exited with code 2")
                .contains("JOB_FAILED no " + empty.resolve("train-images-idx3-ubyte.gz"))
                .contains("install the data set").doesNotContain("\tat dev.shoal");
    }
}
