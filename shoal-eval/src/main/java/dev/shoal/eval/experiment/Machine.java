package dev.shoal.eval.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One line about the machine an experiment ran on, for its report: figures only mean something with it.
 *
 * <pre>{@code
 * Machine.describe();   // "2 cores (AMD EPYC 9B14), 23.4 GiB, Linux 6.1.0, Java 25.0.1"
 * }</pre>
 */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s, %s %s, Java %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version());
    }

    private static String cpuModel() {
        return field(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return field(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(v.split("\\s+")[0]) / 1048576.0))
                .orElse("unknown memory");
    }

    private static java.util.Optional<String> field(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
