package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with exit 0, its usage, and no picocli warning. */
class HelpTest {

    static Stream<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        collect(Shoal.commandLine(), new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine line, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        line.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpPrintsUsageWithoutWarnings(List<String> command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        // picocli's own warnings (an unescaped % in a description) go to System.err, not to the command's writer.
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            code = Shoal.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute(args.toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        assertThat(code).as("exit code of %s --help", command).isZero();
        assertThat(out.toString()).contains("Usage:");
        assertThat(err.toString() + stderr.toString(StandardCharsets.UTF_8)).doesNotContain("WARN", "Exception");
    }
}
