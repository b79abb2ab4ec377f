package dev.shoal.cluster;

import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared set-up of the multi-process tests: small heaps, logs under target/, helpers to read node logs. */
final class Clusters {
    private Clusters() {
    }

    static LocalClusterBuilder builder(String testName, int servers, int workers, String consistency) {
        return LocalCluster.builder().servers(servers).workers(workers).consistency(consistency)
                .logDir(Path.of("target", "cluster-logs", testName + "-" + System.nanoTime()))
                .jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    static String log(LocalCluster c, String node) {
        try {
            return Files.readString(c.logFile(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every match of {@code regex} in {@code node}'s log, as the groups of each match. */
    static List<String[]> matches(LocalCluster c, String node, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log(c, node));
        java.util.ArrayList<String[]> out = new java.util.ArrayList<>();
        while (m.find()) {
            String[] groups = new String[m.groupCount()];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = m.group(g + 1);
            }
            out.add(groups);
        }
        return out;
    }
}
