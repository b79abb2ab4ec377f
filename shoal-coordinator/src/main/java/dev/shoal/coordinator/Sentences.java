package dev.shoal.coordinator;

/**
 * The sentences the coordinator says about its members, in logs and in answers to nodes that wait.
 *
 * <pre>{@code
 * String s = "waiting for servers: " + Sentences.joined(servers);   // "1 of 2 joined (10.0.0.2:7101)"
 * String n = Sentences.plural(3, "worker");                          // "3 workers"
 * }</pre>
 */
final class Sentences {
    /** Addresses listed in a status sentence; beyond this it would flood the log of a large job. */
    private static final int MAX_LISTED = 8;

    private Sentences() {
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String joined(Member[] slots) {
        int n = filled(slots);
        return n + " of " + slots.length + " joined" + (n == 0 ? "" : " (" + list(slots) + ")");
    }

    static String list(Member[] slots) {
        StringBuilder sb = new StringBuilder();
        int listed = 0;
        for (Member m : slots) {
            if (m == null) {
                continue;
            }
            if (listed == MAX_LISTED) {
                return sb.append(", ...").toString();
            }
            sb.append(listed++ == 0 ? "" : ", ").append(m.endpoint());
        }
        return sb.toString();
    }

    static int filled(Member[] slots) {
        int n = 0;
        for (Member m : slots) {
            n += m == null ? 0 : 1;
        }
        return n;
    }
}
