package dev.shoal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.Shoal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void aClusterMustBeNamedExactlyOnce() {
        assertThat(errorOf("--model", "mlp")).contains("give either --local or --coordinator HOST:PORT");
        assertThat(errorOf("--model", "mlp", "--local", "--coordinator", "h:1"))
                .contains("give either --local or --coordinator HOST:PORT");
    }

    @Test
    void badJobsAreUsageErrors() {
        assertThat(errorOf("--local", "--model", "mlp", "--batch", "0")).contains("batch must be at least 1");
        assertThat(errorOf("--local")).contains("give a job file");
        assertThat(errorOf("--local", "--model", "mlp", "--workers", "0")).contains("at least 1");
        assertThat(errorOf("--local", "--model", "mlp", "--worker-jit", "graal")).contains("c1, c2 or auto");
    }

    @Test
    void missingImagesStopTheRunBeforeAnythingStarts(@TempDir Path dir) {
        Path data = dir.resolve("no-such-data");
        Path out = dir.resolve("run");
        StringWriter err = new StringWriter();
        int code = Shoal.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
                .execute("train", "--model", "mlp", "--data", data.toString(), "--local", "--out", out.toString());

        assertThat(code).isEqualTo(2);
        // one line, the reader's message: which file is missing and how to install the data set
        assertThat(err.toString().strip()).doesNotContain("\n")
                .startsWith("shoal train: no training data: no " + data.resolve("train-images-idx3-ubyte.gz"))
                .contains("apt-get install dataset-fashion-mnist");
        // the run directory (job.yaml, the nodes' logs) is made just before the cluster starts
        assertThat(out).doesNotExist();
    }

    @Test
    void missingCorpusStopsTheRunBeforeAnythingStarts(@TempDir Path dir) {
        Path data = dir.resolve("no-corpus");
        Path out = dir.resolve("run");

        String err = errorOf("--model", "sparse-lr", "--data", data.toString(), "--coordinator", "127.0.0.1:7100",
                "--out", out.toString());

        assertThat(err).contains(data + ": not a directory", "scripts/install-spam-assassin.sh");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingJobFileIsOneLineNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("no-such-job.yaml");
        StringWriter err = new StringWriter();
        int code = Shoal.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
                .execute("train", file.toString(), "--local");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("shoal train: " + file + ": no such file or directory; check the path");
    }
}
