package dev.shoal.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories a {@link LocalCluster} writes to: its log directory and the workers' events directory.
 *
 * <pre>{@code
 * Path logs = LaunchDirs.create(Path.of("runs/x/logs"));     // or a new temporary directory for null
 * Path events = LaunchDirs.emptyOfEvents(Path.of("runs/x/events"));
 * }</pre>
 */
final class LaunchDirs {

    private LaunchDirs() {
    }

    /** Creates {@code dir} if missing, or a new temporary directory when it is null. */
    static Path create(Path dir) {
        try {
            return dir == null ? Files.createTempDirectory("shoal-local-") : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalClusterException("could not create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} if missing and removes the events files an earlier run left in it, so that whoever follows
     * the directory sees this run's workers only.
     */
    static Path emptyOfEvents(Path dir) {
        create(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path f : old) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new LocalClusterException("could not clear the events directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
