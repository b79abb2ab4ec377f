package dev.shoal.eval.netem;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of what an emulated network creates; each embeds the pid of the JVM that created it, so names never
 * clash between runs and leftovers of a dead JVM can be recognised.
 *
 * <pre>{@code
 * Names n = new Names(4242, 0);
 * n.namespace(3);   // "shoal-4242-0-3"
 * n.bridge();       // "shb39u_0"       interface names have at most 15 characters, hence base 36
 * n.hostVeth(3);    // "shv39u_0_3"     the namespace's own end is always "eth0"
 * Names.pidOf("shv39u_0_3");   // 4242
 * }</pre>
 */
record Names(long pid, int network) {
    /** The veth end inside each namespace. */
    static final String INNER = "eth0";

    private static final Pattern NAMESPACE = Pattern.compile("shoal-(\\d{1,10})-\\d+-\\d+");
    private static final Pattern LINK = Pattern.compile("sh[bv]([0-9a-z]{1,5})_[0-9a-z]{1,3}(_[0-9a-z]{1,3})?");

    String namespace(int node) {
        return "shoal-" + pid + "-" + network + "-" + node;
    }

    String bridge() {
        return "shb" + base36(pid) + "_" + base36(network);
    }

    String hostVeth(int node) {
        return "shv" + base36(pid) + "_" + base36(network) + "_" + base36(node);
    }

    /** The creator's pid, if {@code name} is a namespace or link name made here. */
    static OptionalLong pidOf(String name) {
        Matcher ns = NAMESPACE.matcher(name);
        if (ns.matches()) {
            return OptionalLong.of(Long.parseLong(ns.group(1)));
        }
        Matcher link = LINK.matcher(name);
        return link.matches() ? OptionalLong.of(Long.parseLong(link.group(1), 36)) : OptionalLong.empty();
    }

    private static String base36(long value) {
        return Long.toString(value, 36);
    }
}
