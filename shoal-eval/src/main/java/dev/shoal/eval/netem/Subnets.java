package dev.shoal.eval.netem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Picks a private IPv4 /24 that no address or route of this machine touches, so the emulated network can
 * neither shadow nor reach anything that was here before it.
 *
 * <pre>{@code
 * try (Subnets.Lock lock = Subnets.lock()) {                 // until the bridge holds its address
 *     String prefix = Subnets.pick(Subnets.inUse(ipr), seed).orElseThrow();   // e.g. "10.213.7"
 * }
 * }</pre>
 */
final class Subnets {
    /** Candidate /16 blocks, in order; the /24s of each are tried from a per-process offset. */
    private static final List<String> BLOCKS = List.of("10.213", "172.29", "192.168");
    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "multicast", "throw",
            "unreachable", "prohibit", "blackhole", "nat", "anycast");
    /** Serializes pickers in this JVM; the file lock, which the JVM grants once per file, serializes processes. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private Subnets() {
    }

    /** An IPv4 prefix. */
    record Prefix(int address, int length) {
        static Optional<Prefix> parse(String text) {
            String[] parts = text.split("/", 2);
            String[] octets = parts[0].split("\\.");
            if (octets.length != 4) {
                return Optional.empty();
            }
            try {
                int address = 0;
                for (String octet : octets) {
                    int value = Integer.parseInt(octet);
                    if (value < 0 || value > 255) {
                        return Optional.empty();
                    }
                    address = address << 8 | value;
                }
                int length = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
                return length < 0 || length > 32 ? Optional.empty() : Optional.of(new Prefix(address, length));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean overlaps(Prefix other) {
            int common = Math.min(length, other.length);
            int mask = common == 0 ? 0 : -1 << (32 - common);
            return (address & mask) == (other.address & mask);
        }
    }

    /** Every IPv4 address and route prefix of the machine, default routes left out. */
    static List<Prefix> inUse(IpRoute ipr) {
        List<Prefix> used = new ArrayList<>(addresses(ipr.ip("-4", "-o", "addr", "show")));
        used.addAll(routes(ipr.ip("-4", "route", "show", "table", "all")));
        return used;
    }

    /** Prefixes of {@code ip -4 -o addr show} lines ({@code 4: eth0    inet 192.0.2.2/24 brd ...}). */
    static List<Prefix> addresses(String output) {
        List<Prefix> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            for (int i = 0; i + 1 < tokens.length; i++) {
                if (tokens[i].equals("inet")) {
                    Prefix.parse(tokens[i + 1]).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** Destinations of {@code ip -4 route show table all} lines; a default route makes no /24 unusable. */
    static List<Prefix> routes(String output) {
        List<Prefix> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            int i = tokens.length > 1 && ROUTE_TYPES.contains(tokens[0]) ? 1 : 0;
            if (!tokens[i].isEmpty() && !tokens[i].equals("default")) {
                Prefix.parse(tokens[i]).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The first three octets of a free /24, such as {@code "10.213.7"}; empty if every candidate is taken. */
    static Optional<String> pick(List<Prefix> used, int seed) {
        for (String block : BLOCKS) {
            for (int k = 0; k < 256; k++) {
                String candidate = block + "." + Math.floorMod(seed + k, 256);
                Prefix p = Prefix.parse(candidate + ".0/24").orElseThrow();
                if (used.stream().noneMatch(p::overlaps)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Held from picking a subnet until the bridge holds an address in it, so two networks never pick alike. */
    static Lock lock() {
        IN_PROCESS.lock();
        try {
            Path file = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock/shoal-netem.lock")
                    : Path.of(System.getProperty("java.io.tmpdir"), "shoal-netem.lock");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Lock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            IN_PROCESS.unlock();
            throw new NetworkEmulationException("could not lock the subnet registry: " + e.getMessage(), e);
        }
    }

    /** Releases both locks on close. */
    record Lock(FileChannel channel, FileLock fileLock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing the channel releases the lock even when close reports an error.
            } finally {
                IN_PROCESS.unlock();
            }
        }
    }
}
