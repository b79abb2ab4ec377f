package dev.shoal.eval.netem;

import dev.shoal.launch.NodePlacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network of emulated hosts on this machine: each node gets a Linux network namespace joined to one bridge by
 * a veth pair, and its link is rate-limited in both directions with tc's token bucket filter.
 *
 * <pre>{@code
 * try (EmulatedNetwork net = EmulatedNetwork.create(1 + servers + workers, LinkRate.parse("1gbit"));
 *      LocalCluster cluster = LocalCluster.builder().servers(servers).workers(workers)
 *              .placement(net.placement(servers)).build()) {
 *     System.out.println(net.describe());
 *     cluster.start();                        // coordinator in node 0, server-N in node 1+N, workers after
 *     String metrics = "http://" + net.address(1) + ":9101/metrics";   // reachable from this process
 *     cluster.awaitWorkers(Duration.ofMinutes(5));
 * }                                           // cluster first, then the network is deleted
 * }</pre>
 *
 * <p>Node {@code i} lives in namespace {@code shoal-<pid>-<k>-<i>} with address {@code P.(i+2)} on its
 * {@code eth0}; the bridge holds {@code P.1}, so this process (in the root namespace) reaches every node. The
 * /24 {@code P} is one that no address or route of the machine touches, and nothing routes or forwards out of
 * it: namespaces have no default route and no NAT is set up, so traffic stays between the nodes and this
 * process. Each link is shaped on both ends: the namespace end's egress is the node's upload and the bridge
 * end's egress its download. See {@link Tbf} for the shaper's sizes and {@link LinkRate} for what the rate
 * counts.
 *
 * <p>{@link #close()} deletes everything this network created; a shutdown hook does the same if the JVM exits
 * first, and {@link #create} removes what networks of JVMs that died without either left behind. Stop the
 * processes running in the namespaces first: {@code ip netns exec} only names a namespace, and a deleted
 * namespace lives on, disconnected, while a process still runs in it.
 */
public final class EmulatedNetwork implements AutoCloseable {
    /** At most this many nodes fit the /24 beside the bridge's address and the broadcast address. */
    public static final int MAX_NODES = 253;
    private static final AtomicInteger NETWORKS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedNetwork.class);

    private final IpRoute ipr;
    private final Names names;
    private final int nodes;
    private final LinkRate rate;
    /** The subnet's first three octets, such as "10.213.7". */
    private final String prefix;
    /** Commands that undo what was created, the most recent first. */
    private final Deque<String[]> undo = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::close, "shoal-netem-shutdown");
    private boolean closed;

    private EmulatedNetwork(IpRoute ipr, Names names, int nodes, LinkRate rate, String prefix) {
        this.ipr = ipr;
        this.names = names;
        this.nodes = nodes;
        this.rate = rate;
        this.prefix = prefix;
    }

    /**
     * Builds a network of {@code nodes} nodes whose links run at {@code rate} each way.
     *
     * @throws NetworkEmulationException if this process may not (not root, no {@code ip}/{@code tc}, not Linux)
     *                                   or a step fails; what was created by then is deleted again
     */
    public static EmulatedNetwork create(int nodes, LinkRate rate) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("an emulated network has 1 to " + MAX_NODES + " nodes, got " + nodes);
        }
        Objects.requireNonNull(rate);
        IpRoute ipr = checkHost();
        Leftovers.remove(ipr);
        Names names = new Names(ProcessHandle.current().pid(), NETWORKS.getAndIncrement());
        EmulatedNetwork net;
        // Held until the bridge has its address, whose route then keeps every later pick off this subnet.
        try (Subnets.Lock lock = Subnets.lock()) {
            net = new EmulatedNetwork(ipr, names, nodes, rate, freeSubnet(ipr, names));
            Runtime.getRuntime().addShutdownHook(net.shutdownHook);
            net.buildOrClose(net::buildBridge);
        }
        net.buildOrClose(() -> {
            for (int i = 0; i < nodes; i++) {
                net.buildNode(i);
            }
        });
        LOG.info("{}", net.describe());
        return net;
    }

    private static String freeSubnet(IpRoute ipr, Names names) {
        // Spreads the pick over the candidates, so concurrent networks rarely even try the same one.
        int seed = (int) (names.pid() * 7 + names.network());
        return Subnets.pick(Subnets.inUse(ipr), seed).orElseThrow(() -> new NetworkEmulationException(
                "every candidate /24 in 10.213.0.0/16, 172.29.0.0/16 and 192.168.0.0/16 overlaps an address or "
                        + "route of this machine; remove some, or free one of those blocks"));
    }

    /**
     * Why {@link #create} would refuse on this machine, checking what can be checked without changing anything:
     * Linux, root, the capabilities, {@code ip} and {@code tc}. A lower-case clause without a final period, which
     * says what to do, e.g. "the emulated network must run as root (uid 0) ..., but this JVM runs as uid 1000:
     * run it as root (for example with sudo -E), or without link emulation". Whether the kernel has tbf shows
     * only when {@link #create} shapes the first link.
     */
    public static Optional<String> refusal() {
        return HostCheck.refusal(HostCheck.Identity.current(), IpRoute.locate().isPresent());
    }

    private static IpRoute checkHost() {
        refusal().ifPresent(message -> {
            throw new NetworkEmulationException(message);
        });
        return IpRoute.locate().orElseThrow();
    }

    /** How many nodes the network has. */
    public int nodes() {
        return nodes;
    }

    public LinkRate rate() {
        return rate;
    }

    /** Node {@code node}'s IPv4 address, {@code P.(node+2)}. */
    public String address(int node) {
        return prefix + "." + (checkNode(node) + 2);
    }

    /** The bridge's address, {@code P.1}: where the nodes see this process. */
    public String bridgeAddress() {
        return prefix + ".1";
    }

    /** The network's subnet, such as {@code 10.213.7.0/24}. */
    public String subnet() {
        return prefix + ".0/24";
    }

    /** Node {@code node}'s network namespace. */
    public String namespace(int node) {
        return names.namespace(checkNode(node));
    }

    /** Runs a command inside node {@code node}: {@code ip netns exec <namespace>}, which execs the command. */
    public List<String> commandPrefix(int node) {
        return List.of(ipr.ipPath().toString(), "netns", "exec", namespace(node));
    }

    /**
     * A placement of a {@link dev.shoal.launch.LocalCluster}'s nodes on this network: {@code coordinator} in
     * node 0, {@code server-N} in node {@code 1 + N} and {@code worker-N} in node {@code 1 + servers + N}.
     */
    public NodePlacement placement(int servers) {
        return new NetworkPlacement(this, servers);
    }

    /** Bytes node {@code node} has sent since the network was built, Ethernet headers included. */
    public long bytesSent(int node) {
        // The bridge end receives what the node sends; its counters live in this process's namespace.
        return counter(node, "rx_bytes");
    }

    /** Bytes node {@code node} has received since the network was built, Ethernet headers included. */
    public long bytesReceived(int node) {
        return counter(node, "tx_bytes");
    }

    /**
     * Streams TCP from node {@code from} to node {@code to} for about {@code duration} with two small JVMs,
     * one in each namespace, and returns what arrived: a check that the links carry what they should.
     */
    public Transfer measure(int from, int to, Duration duration) {
        Transfer t = LinkMeasurement.run(commandPrefix(to), address(to), commandPrefix(from), duration);
        LOG.info("TCP from node {} to node {} over {}-links: {}", from, to, rate, t);
        return t;
    }

    /** One paragraph on what is emulated, for a run's log or report. */
    public String describe() {
        String shaping = rate.isLimited()
                ? "each node's link shaped to " + rate + " up and " + rate + " down (" + Tbf.forRate(rate)
                        + "; the rate counts Ethernet frames, so TCP payload gets about 95.6 % of it)"
                : "links not shaped (veth pairs run as fast as the CPU allows)";
        return "emulated network: " + nodes + (nodes == 1 ? " node" : " nodes") + " in network namespaces "
                + names.namespace(0) + " to " + names.namespace(nodes - 1) + ", node i at " + prefix
                + ".(i+2) on a veth pair to bridge " + names.bridge() + " at " + bridgeAddress() + " (subnet "
                + subnet() + ", no route out); " + shaping + "; no added delay, loss or jitter";
    }

    /** Deletes every namespace, veth pair and the bridge this network created. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        while (!undo.isEmpty()) {
            String[] command = undo.pop();
            IpRoute.Result r = ipr.tryIp(command);
            if (!r.ok()) {
                LOG.warn("could not delete part of the emulated network: {}", r.describe());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() runs inside the hook itself; the JVM discards hooks on exit anyway.
        }
    }

    @Override
    public String toString() {
        return "EmulatedNetwork[" + subnet() + ", " + nodes + " nodes, " + rate + "]";
    }

    private void buildOrClose(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void buildBridge() {
        String bridge = names.bridge();
        created(new String[] {"link", "add", bridge, "type", "bridge"}, "link", "del", bridge);
        ipr.ip("addr", "add", bridgeAddress() + "/24", "dev", bridge);
        ipr.ip("link", "set", bridge, "up");
    }

    private void buildNode(int i) {
        String ns = names.namespace(i);
        String veth = names.hostVeth(i);
        createNamespace(ns);
        // The peer is created directly inside the namespace, so its name never clashes with this namespace's.
        created(new String[] {"link", "add", veth, "type", "veth", "peer", "name", Names.INNER, "netns", ns},
                "link", "del", veth);
        ipr.ip("link", "set", veth, "master", names.bridge());
        ipr.ip("link", "set", veth, "up");
        ipr.ip("-n", ns, "link", "set", "lo", "up");
        ipr.ip("-n", ns, "addr", "add", address(i) + "/24", "dev", Names.INNER);
        ipr.ip("-n", ns, "link", "set", Names.INNER, "up");
        if (rate.isLimited()) {
            Tbf tbf = Tbf.forRate(rate);
            shape(tbf.qdiscArgs("dev", veth));
            shape(prepend(tbf.qdiscArgs("dev", Names.INNER), "-n", ns));
        }
    }

    private void createNamespace(String ns) {
        IpRoute.Result r = ipr.tryIp("netns", "add", ns);
        if (!r.ok()) {
            throw new NetworkEmulationException("could not create a network namespace: " + r.describe()
                    + "; namespaces need a kernel with CONFIG_NET_NS and a writable /run/netns: in a container, "
                    + "run it with --privileged (or --cap-add SYS_ADMIN --cap-add NET_ADMIN)");
        }
        undo.push(new String[] {"netns", "del", ns});
    }

    private void shape(String[] tcArgs) {
        IpRoute.Result r = ipr.tryTc(tcArgs);
        if (!r.ok()) {
            throw new NetworkEmulationException("could not shape a link with tc's tbf qdisc: " + r.describe()
                    + "; the kernel needs the tbf queueing discipline (CONFIG_NET_SCH_TBF): load it with "
                    + "'modprobe sch_tbf', or use the link rate 'none'");
        }
    }

    /** Runs {@code ip args} and remembers {@code ip undoArgs} for close(). */
    private void created(String[] args, String... undoArgs) {
        ipr.ip(args);
        undo.push(undoArgs);
    }

    private long counter(int node, String name) {
        Path file = Path.of("/sys/class/net", names.hostVeth(checkNode(node)), "statistics", name);
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            throw new NetworkEmulationException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private int checkNode(int node) {
        if (node < 0 || node >= nodes) {
            throw new IndexOutOfBoundsException("node " + node + " of a network of " + nodes);
        }
        return node;
    }

    private static String[] prepend(String[] args, String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
