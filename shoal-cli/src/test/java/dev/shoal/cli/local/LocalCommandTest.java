package dev.shoal.cli.local;

import dev.shoal.launch.FakeNode;
import dev.shoal.launch.Fakes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.Shoal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(120)
class LocalCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path logs;

    @Test
    void runsTheClusterAndEchoesPrefixedNodeOutput() {
        int code = runFake("--servers", "1", "--workers", "2", "--", "--clocks", "2");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("logs in " + logs)
                .contains("[coordinator] coordinator listening on 127.0.0.1:")
                .contains("[server-0] server listening on 127.0.0.1:")
                .contains("[worker-1] args: worker --coordinator 127.0.0.1:")
                .contains("shoal local: all workers finished");
        assertThat(logs.resolve("worker-0.log")).content().contains("--clocks 2");
    }

    @Test
    void nodeFailureIsReportedWithItsLogAndBecomesTheExitCode() {
        int code = runFake("--servers", "1", "--workers", "1", "--", "--exit", "5");

        assertThat(code).isEqualTo(5);
        assertThat(err.toString())
                // the node's own error line, from its status file, then its log
                .contains("shoal local: worker-0 exited with code 5: exiting with 5; last lines of "
                        + logs.resolve("worker-0.log"))
                .contains("  | exiting with 5")
                .contains("stopping the other nodes");
    }

    @Test
    void rejectsBadArgumentsWithUsageErrors() {
        assertThat(runFake("--servers", "0")).isEqualTo(2);
        assertThat(runFake("--consistency", "eventual")).isEqualTo(2);
        assertThat(err.toString()).contains("consistency must be bsp, asp or ssp:N");
    }

    @Test
    void helpShowsExamples() {
        assertThat(shoal("local", "--help")).isZero();
        assertThat(out.toString()).contains("Examples:", "shoal local --servers 2 --workers 2", "--base-port");
    }

    @Test
    void topLevelCommandListsSubcommandsAndVersion() {
        assertThat(shoal("--help")).isZero();
        assertThat(out.toString()).contains("Commands:", "local", "Examples:");
        assertThat(shoal("--version")).isZero();
        assertThat(out.toString()).contains("shoal dev");
        assertThat(shoal()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command");
    }

    private int runFake(String... args) {
        List<String> all = new ArrayList<>(List.of("--logs", logs.toString()));
        Fakes.JVM_OPTIONS.forEach(o -> all.add("--jvm-opt=" + o));
        all.addAll(List.of(args));
        return configure(new CommandLine(new LocalCommand(FakeNode.class.getName())))
                .execute(all.toArray(String[]::new));
    }

    private int shoal(String... args) {
        return configure(Shoal.commandLine()).execute(args);
    }

    private CommandLine configure(CommandLine line) {
        return line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
