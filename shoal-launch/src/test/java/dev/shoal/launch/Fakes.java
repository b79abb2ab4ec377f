package dev.shoal.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Builders for clusters of {@link FakeNode}s that start fast on a busy machine.
 *
 * <pre>{@code
 * try (LocalCluster c = Fakes.cluster(tempDir).servers(2).build()) { c.start(); }
 * }</pre>
 */
public final class Fakes {
    /** Child JVMs only print a few lines; skipping C2 and sizing them small makes them start faster. */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private Fakes() {
    }

    static LocalClusterBuilder cluster(Path logDir) {
        return LocalCluster.builder()
                .mainClass(FakeNode.class.getName())
                .jvmOptions(JVM_OPTIONS)
                .logDir(logDir)
                .startupTimeout(Duration.ofSeconds(60))
                .stopGrace(Duration.ofSeconds(5));
    }
}
