package dev.shoal.eval.netem;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes namespaces, bridges and veth pairs that emulated networks of JVMs no longer alive left behind (killed
 * with SIGKILL, so neither close() nor the shutdown hook ran).
 *
 * <pre>{@code
 * List<String> removed = Leftovers.remove(ipr);   // e.g. [shoal-4242-0-0, shoal-4242-0-1, shb39u_0]
 * }</pre>
 *
 * <p>Only bridges and veths are considered among links, so an unrelated interface whose name happens to look
 * like ours is left alone; a live JVM's network is never touched.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    static List<String> remove(IpRoute ipr) {
        List<String> removed = new ArrayList<>();
        for (String ns : namespaces(ipr.ip("netns", "list"))) {
            if (orphan(ns) && ipr.tryIp("netns", "del", ns).ok()) {
                removed.add(ns);
            }
        }
        // Veths first: a bridge goes with them all the same, but a veth whose namespace vanished needs its own del.
        for (String kind : List.of("veth", "bridge")) {
            for (String link : links(ipr.ip("-o", "link", "show", "type", kind))) {
                if (orphan(link) && ipr.tryIp("link", "del", link).ok()) {
                    removed.add(link);
                }
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed what emulated networks of dead processes left behind: {}", removed);
        }
        return removed;
    }

    /** Names in {@code ip netns list} output ({@code name} or {@code name (id: 3)} per line). */
    static List<String> namespaces(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
    }

    /** Names in {@code ip -o link show} output ({@code 7: name@if6: <...> ...} per line). */
    static List<String> links(String output) {
        List<String> names = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] tokens = line.strip().split("\\s+");
            if (tokens.length > 1) {
                String name = tokens[1].endsWith(":") ? tokens[1].substring(0, tokens[1].length() - 1) : tokens[1];
                int at = name.indexOf('@');
                names.add(at >= 0 ? name.substring(0, at) : name);
            }
        }
        return names;
    }

    private static boolean orphan(String name) {
        OptionalLong pid = Names.pidOf(name);
        return pid.isPresent() && ProcessHandle.of(pid.getAsLong()).isEmpty();
    }
}
