package dev.shoal.eval.netem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether this process may build an emulated network, and if not, what to do about it.
 *
 * <pre>{@code
 * Optional<String> why = HostCheck.refusal(HostCheck.Identity.current(), IpRoute.locate().isPresent());
 * why.ifPresent(message -> { throw new NetworkEmulationException(message); });
 * }</pre>
 */
final class HostCheck {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_ADMIN = 21;
    private static final Path STATUS = Path.of("/proc/self/status");

    private HostCheck() {
    }

    /**
     * What {@code /proc/self/status} says about this process.
     *
     * @param uid                  effective user id, -1 if unknown
     * @param effectiveCapabilities the CapEff bit set
     */
    record Identity(long uid, long effectiveCapabilities) {
        static Optional<Identity> current() {
            try {
                long uid = -1;
                long caps = 0;
                for (String line : Files.readAllLines(STATUS)) {
                    if (line.startsWith("Uid:")) {
                        uid = Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                    } else if (line.startsWith("CapEff:")) {
                        caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    }
                }
                return Optional.of(new Identity(uid, caps));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        boolean has(int capability) {
            return (effectiveCapabilities & (1L << capability)) != 0;
        }
    }

    /**
     * Empty if the network can be built; else what to do, as a clause without a final period that reads on its
     * own or after "and". {@code process} empty: not Linux.
     */
    static Optional<String> refusal(Optional<Identity> process, boolean toolsFound) {
        if (process.isEmpty()) {
            return Optional.of("the emulated network needs Linux (network namespaces, veth pairs and tc), and this is "
                    + System.getProperty("os.name") + ": run on Linux, or without link emulation");
        }
        Identity p = process.get();
        if (p.uid() != 0) {
            return Optional.of("the emulated network must run as root (uid 0) to create network namespaces, veth "
                    + "pairs and tc qdiscs, but this JVM runs as uid " + p.uid() + ": run it as root (for example "
                    + "with sudo -E), or without link emulation");
        }
        List<String> missing = new ArrayList<>();
        if (!p.has(CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN");
        }
        if (!p.has(CAP_SYS_ADMIN)) {
            missing.add("CAP_SYS_ADMIN");
        }
        if (!missing.isEmpty()) {
            return Optional.of("the emulated network needs CAP_NET_ADMIN and CAP_SYS_ADMIN, but this root process "
                    + "lacks " + String.join(" and ", missing) + ": in a container, start it with --cap-add "
                    + "NET_ADMIN --cap-add SYS_ADMIN (or --privileged)");
        }
        if (!toolsFound) {
            return Optional.of("the emulated network needs the ip and tc commands, and at least one of them is "
                    + "neither on PATH nor in /usr/sbin or /sbin: install iproute2 (apt-get install -y iproute2)");
        }
        return Optional.empty();
    }
}
