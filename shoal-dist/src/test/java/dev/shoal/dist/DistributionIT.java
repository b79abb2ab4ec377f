package dev.shoal.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive {@code ./mvnw package} builds works where it is unpacked, away from the source tree: its
 * {@code bin/shoal} finds {@code lib/shoal.jar} beside it and answers {@code --version}. No cluster is started.
 */
@Timeout(120)
class DistributionIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("shoal.dist.archive"));
    private static final String VERSION = System.getProperty("shoal.version");

    @TempDir
    Path dir;

    @Test
    void unpackedArchiveRunsShoalVersion() throws Exception {
        assertThat(ARCHIVE).isRegularFile();
        assertThat(run(dir, "tar", "-xzf", ARCHIVE.toString(), "-C", dir.toString()).code).isZero();
        Path home = dir.resolve("shoal-" + VERSION);

        assertThat(home.resolve("bin/shoal")).isExecutable();
        assertThat(home.resolve("lib/shoal.jar")).isRegularFile();
        assertThat(home.resolve("lib/shoal-jmh.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("examples/mlp-fashion-mnist.yaml")).isRegularFile();
        assertThat(home.resolve("scripts/install-spam-assassin.sh")).isExecutable();

        // run from elsewhere, so that nothing of the source tree can be picked up by accident
        Result version = run(dir, home.resolve("bin/shoal").toString(), "--version");

        assertThat(version.code).as(version.output).isZero();
        assertThat(version.output).contains("shoal " + VERSION).doesNotContain("building it");
    }

    private record Result(int code, String output) {
    }

    private static Result run(Path cwd, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        // bin/shoal looks at JAVA_HOME first: the JDK running this test is a Java 21+ one
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
