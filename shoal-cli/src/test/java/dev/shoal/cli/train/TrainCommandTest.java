package dev.shoal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
