package dev.shoal.protocol.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The golden files are language-neutral: a second implementation of the protocol, in Python and written from
 * docs/PROTOCOL.md alone ({@code src/test/python/golden_check.py}), encodes and decodes every golden frame and
 * recomputes the partitioner and slicing vectors. If PROTOCOL.md and the files ever disagree, this fails.
 */
class GoldenPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void aPythonImplementationOfProtocolMdPassesTheGoldenFiles() throws IOException, InterruptedException {
        assertThat(PYTHON).as("Debian's python3 (scripts/install-data.sh installs it)").isExecutable();
        Path script = Path.of("src/test/python/golden_check.py");
        Path golden = Path.of("src/test/resources/golden");
        Path log = Files.createTempFile("golden-check", ".log");
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), golden.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished).as("finished within 60 s; output: %s", output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            int frames = new ObjectMapper().readTree(golden.resolve("frames.json").toFile()).get("frames").size();
            assertThat(output).contains("golden files pass: " + frames + " frames");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
