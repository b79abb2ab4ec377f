package dev.shoal.eval.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builds real namespaces, so needs root; without it, checks that creating one is refused with a clear message. */
@Timeout(60)
class EmulatedNetworkTest {
    private static final LinkRate RATE = LinkRate.parse("100mbit");

    @Test
    void tcpBetweenTwoNamespacesRunsAtTheShapedRate() {
        if (refusedHere()) {
            return;
        }
        try (EmulatedNetwork net = EmulatedNetwork.create(3, RATE)) {
            long sentBefore = net.bytesSent(0);
            Transfer t = net.measure(0, 2, Duration.ofMillis(1500));

            assertThat(t.bitsPerSecond()).as(t.toString())
                    .isBetween(RATE.bitsPerSecond() * 0.5, RATE.bitsPerSecond() * 1.10);
            // The stream crossed node 0's link and node 2's, not node 1's.
            assertThat(net.bytesSent(0) - sentBefore).isGreaterThanOrEqualTo(t.bytes());
            assertThat(net.bytesReceived(2)).isGreaterThanOrEqualTo(t.bytes());
            assertThat(net.bytesReceived(1)).isLessThan(t.bytes() / 100);
        }
    }

    @Test
    void nodesHaveTheirOwnAddressAndNamespace() {
        if (refusedHere()) {
            return;
        }
        try (EmulatedNetwork net = EmulatedNetwork.create(2, LinkRate.NONE)) {
            String prefix = net.bridgeAddress().substring(0, net.bridgeAddress().lastIndexOf('.'));
            assertThat(net.bridgeAddress()).endsWith(".1");
            assertThat(net.address(0)).isEqualTo(prefix + ".2");
            assertThat(net.address(1)).isEqualTo(prefix + ".3");
            assertThat(net.subnet()).isEqualTo(prefix + ".0/24");
            assertThat(net.commandPrefix(1)).endsWith("netns", "exec", net.namespace(1));
            assertThat(net.namespace(1)).startsWith("shoal-" + ProcessHandle.current().pid() + "-");
            assertThat(ip(net, 1, "-4", "-o", "addr", "show", "dev", "eth0")).contains(net.address(1) + "/24");
            assertThat(ip(net, 1, "route", "show")).doesNotContain("default");
            assertThat(net.describe()).contains("2 nodes", net.subnet(), "links not shaped");
            assertThatThrownBy(() -> net.address(2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void bothEndsOfEveryLinkAreShaped() {
        if (refusedHere()) {
            return;
        }
        try (EmulatedNetwork net = EmulatedNetwork.create(1, LinkRate.parse("1gbit"))) {
            IpRoute ipr = IpRoute.locate().orElseThrow();
            Names names = new Names(ProcessHandle.current().pid(), networkNumber(net));
            assertThat(ipr.tc("qdisc", "show", "dev", names.hostVeth(0))).contains("tbf", "rate 1Gbit");
            assertThat(ipr.tc("-n", net.namespace(0), "qdisc", "show", "dev", "eth0")).contains("tbf", "rate 1Gbit");
            assertThat(net.describe()).contains("1gbit up and 1gbit down");
        }
    }

    @Test
    void closeLeavesNoNamespaceOrLinkBehind() {
        if (refusedHere()) {
            return;
        }
        IpRoute ipr = IpRoute.locate().orElseThrow();
        EmulatedNetwork net = EmulatedNetwork.create(2, RATE);
        Names names = new Names(ProcessHandle.current().pid(), networkNumber(net));
        List<String> ours = List.of(names.namespace(0), names.namespace(1), names.bridge(), names.hostVeth(0),
                names.hostVeth(1));
        assertThat(ipr.ip("netns", "list") + ipr.ip("link", "show")).contains(ours);

        net.close();
        net.close();

        String after = ipr.ip("netns", "list") + ipr.ip("link", "show");
        ours.forEach(name -> assertThat(after).doesNotContain(name));
        assertThat(ipr.ip("-4", "route", "show")).doesNotContain(net.subnet());
    }

    @Test
    void leftoversOfADeadProcessAreRemovedAtCreate() throws Exception {
        if (refusedHere()) {
            return;
        }
        IpRoute ipr = IpRoute.locate().orElseThrow();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Names dead = new Names(gone.pid(), 0);
        ipr.ip("netns", "add", dead.namespace(0));
        ipr.ip("link", "add", dead.bridge(), "type", "bridge");
        ipr.ip("link", "add", dead.hostVeth(0), "type", "veth", "peer", "name", "eth0", "netns", dead.namespace(0));
        try (EmulatedNetwork net = EmulatedNetwork.create(1, LinkRate.NONE)) {
            String after = ipr.ip("netns", "list") + ipr.ip("link", "show");
            assertThat(after).doesNotContain(dead.namespace(0), dead.bridge(), dead.hostVeth(0));
        } finally {
            ipr.tryIp("netns", "del", dead.namespace(0));
            ipr.tryIp("link", "del", dead.bridge());
        }
    }

    @Test
    void twoNetworksInOneProcessGetDistinctSubnetsAndNames() {
        if (refusedHere()) {
            return;
        }
        try (EmulatedNetwork a = EmulatedNetwork.create(1, LinkRate.NONE);
             EmulatedNetwork b = EmulatedNetwork.create(1, LinkRate.NONE)) {
            assertThat(a.subnet()).isNotEqualTo(b.subnet());
            assertThat(a.namespace(0)).isNotEqualTo(b.namespace(0));
        }
    }

    /** Off root, asserts the refusal a user would see and tells the caller to skip the rest. */
    private static boolean refusedHere() {
        Optional<String> why = EmulatedNetwork.refusal();
        if (why.isEmpty()) {
            return false;
        }
        assertThatThrownBy(() -> EmulatedNetwork.create(2, RATE)).isInstanceOf(NetworkEmulationException.class)
                .hasMessage(why.get()).hasMessageContaining("the emulated network");
        return true;
    }

    private static String ip(EmulatedNetwork net, int node, String... args) {
        IpRoute ipr = IpRoute.locate().orElseThrow();
        String[] all = new String[args.length + 2];
        all[0] = "-n";
        all[1] = net.namespace(node);
        System.arraycopy(args, 0, all, 2, args.length);
        return ipr.ip(all);
    }

    private static int networkNumber(EmulatedNetwork net) {
        String ns = net.namespace(0);
        String[] parts = ns.split("-");
        return Integer.parseInt(parts[2]);
    }
}
