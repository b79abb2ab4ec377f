package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ParentWatchTest {

    @Test
    void nodeExitsWhenTheProcessThatStartedItDies() throws Exception {
        // `cat` waiting on its stdin stands in for a `shoal local` that is killed with SIGKILL.
        Process parent = new ProcessBuilder("cat").start();
        Process node = null;
        try {
            node = startNode(parent.pid());
            try (BufferedReader out = node.inputReader()) {
                assertThat(out.readLine()).startsWith("args: coordinator");
                assertThat(out.readLine()).startsWith("coordinator listening on");
            }

            parent.destroyForcibly();

            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).isEqualTo(ParentWatch.EXIT_CODE);
        } finally {
            parent.destroyForcibly();
            if (node != null) {
                node.destroyForcibly();
            }
        }
    }

    private static Process startNode(long parentPid) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Fakes.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FakeNode.class.getName(),
                "coordinator", "--port", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(ParentWatch.ENV, Long.toString(parentPid));
        return builder.start();
    }
}
