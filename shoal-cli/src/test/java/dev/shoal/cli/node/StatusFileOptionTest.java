package dev.shoal.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.Shoal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusFileOptionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"coordinator --servers 1 --workers 1", "server --coordinator 127.0.0.1:1",
        "worker --coordinator 127.0.0.1:1", "bench worker --coordinator 127.0.0.1:1", "bench tcp-sink"})
    void aStatusFileThatCannotBeWrittenIsAOneLineUsageError(String command) {
        Path file = dir.resolve("missing").resolve("node.status.json");
        StringWriter err = new StringWriter();
        String[] args = (command + " --status-file " + file).split(" ");

        int code = Shoal.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true))
                .execute(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n", "\tat ").startsWith("shoal ")
                .contains("--status-file: could not write the node status file " + file
                        + ": its directory does not exist");
    }
}
