package dev.shoal.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.cli.Shoal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake with {@code shoal coordinator}, {@code server} or {@code worker} ends with one line that says
 * what happened and what to do, a non-zero exit code, and no stack trace anywhere (logs included).
 */
@Timeout(60)
class NodeCommandErrorsTest {
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @TempDir
    Path dir;

    @BeforeEach
    void captureConsole() {
        // the nodes' logs go to the console; a stack trace there would be as bad as one from picocli
        savedOut = System.out;
        savedErr = System.err;
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void coordinatorOnAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = shoal("coordinator", "--port", String.valueOf(taken.getLocalPort()), "--servers", "1",
                    "--workers", "1");

            assertThat(code).isEqualTo(1);
            assertThat(lastLine()).startsWith("shoal coordinator: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another --port");
        }
        assertNoStackTrace();
    }

    @Test
    void serverOnAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = shoal("server", "--coordinator", "127.0.0.1:" + closedPort(), "--port",
                    String.valueOf(taken.getLocalPort()), "--join-timeout-s", "1");

            assertThat(code).isEqualTo(1);
            assertThat(lastLine()).startsWith("shoal server: cannot listen on").contains("choose another --port");
        }
        assertNoStackTrace();
    }

    @Test
    void serverWithNoCoordinatorAtTheAddress() throws IOException {
        int port = closedPort();
        int code = shoal("server", "--coordinator", "127.0.0.1:" + port, "--join-timeout-s", "1");

        assertThat(code).isEqualTo(1);
        assertThat(lastLine()).startsWith("shoal server: could not reach the coordinator at 127.0.0.1:" + port)
                .contains("start the coordinator first", "--join-timeout-s");
        assertNoStackTrace();
    }

    @Test
    void workerWithAnUnknownCoordinatorHost() {
        int code = shoal("worker", "--coordinator", "no-such-host.invalid:7100", "--join-timeout-s", "1");

        assertThat(code).isEqualTo(1);
        assertThat(lastLine()).startsWith("shoal worker: could not reach the coordinator at no-such-host.invalid:7100")
                .contains("check the --coordinator address");
        assertNoStackTrace();
    }

    @Test
    void malformedCoordinatorAddressIsAUsageError() {
        assertThat(shoal("worker", "--coordinator", "10.0.0.1")).isEqualTo(2);
        assertThat(lastLine()).startsWith("shoal worker: Invalid value for option '--coordinator'")
                .contains("expected host:port", "see 'shoal worker --help'");
        assertThat(shoal("server", "--coordinator", "10.0.0.1:http")).isEqualTo(2);
        assertThat(lastLine()).contains("numeric port");
        assertNoStackTrace();
    }

    @Test
    void coordinatorWithoutWorkersIsAUsageError() {
        assertThat(shoal("coordinator", "--port", "0", "--servers", "1", "--workers", "0")).isEqualTo(2);
        assertThat(lastLine()).isEqualTo("shoal coordinator: --workers must be at least 1, got 0: a job needs one "
                + "server and one worker or more (see 'shoal coordinator --help')");
        assertThat(shoal("coordinator", "--port", "0", "--servers", "1", "--workers", "1", "--consistency", "x"))
                .isEqualTo(2);
        assertThat(lastLine()).contains("bsp, asp or ssp:N");
        assertNoStackTrace();
    }

    @Test
    void aDeadlineOfZeroIsAUsageErrorReportedBeforeJoining() {
        int code = shoal("worker", "--coordinator", "127.0.0.1:" + closedPort(), "--pull-timeout-s", "0",
                "--join-timeout-s", "600");

        assertThat(code).isEqualTo(2);
        assertThat(lastLine()).isEqualTo("shoal worker: --pull-timeout-s must be at least 1, got 0 (see 'shoal worker "
                + "--help')");
        assertNoStackTrace();
    }

    @Test
    void missingJobFileIsReportedBeforeJoining() {
        // a join timeout far beyond the test's: the worker must not try to reach the coordinator at all
        int code = shoal("worker", "--coordinator", "127.0.0.1:" + closedPort(), "--join-timeout-s", "600",
                "--job", "train", "--job-file", dir.resolve("nope.yaml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(lastLine()).startsWith("shoal worker: --job-file " + dir.resolve("nope.yaml") + ": no such file")
                .contains("examples/*.yaml");
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("coordinator at");
        assertNoStackTrace();
    }

    private int shoal(String... args) {
        err.getBuffer().setLength(0);
        return Shoal.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    /** The command's own output ends with this one line. */
    private String lastLine() {
        String[] lines = err.toString().strip().split("\n");
        assertThat(lines).as("stderr of the command").hasSize(1);
        return lines[0];
    }

    private void assertNoStackTrace() {
        String all = err + console.toString(StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("\tat ", "Exception:", "Caused by");
    }

    /** A port nothing listens on (free a moment ago). */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
