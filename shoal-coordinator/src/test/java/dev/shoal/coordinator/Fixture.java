package dev.shoal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.time.NodeClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts coordinators, fake servers and test nodes on loopback, and closes them all at the end of a test (the
 * coordinator first, so that tearing down is not reported as nodes dying).
 */
final class Fixture implements AutoCloseable {
    final NettyRuntime rt = NettyRuntime.create("coordinator-test", 2);
    private final List<Coordinator> coordinators = new ArrayList<>();
    private final List<AutoCloseable> peers = new ArrayList<>();

    /** A complete job: its servers (registered in order, each with a fake endpoint) and workers. */
    record Cluster(Coordinator coordinator, List<FakeServer> endpoints, List<TestNode> servers,
                   List<TestNode> workers) {
    }

    Coordinator coordinator(CoordinatorConfig config) {
        return coordinator(config, NodeClock.system());
    }

    Coordinator coordinator(CoordinatorConfig config, NodeClock clock) {
        Coordinator c = Coordinator.start(config.withPort(0), clock);
        coordinators.add(c);
        return c;
    }

    TestNode node(Coordinator c) {
        TestNode n = TestNode.connect(rt, c.port());
        peers.add(n);
        return n;
    }

    FakeServer fakeServer() {
        FakeServer s = new FakeServer(rt);
        peers.add(s);
        return s;
    }

    /** Registers every server, then every worker, and takes the first view off each node. */
    Cluster complete(CoordinatorConfig config) throws InterruptedException {
        return complete(config, NodeClock.system());
    }

    /** {@link #complete(CoordinatorConfig)} with a coordinator measuring liveness on {@code clock}. */
    Cluster complete(CoordinatorConfig config, NodeClock clock) throws InterruptedException {
        Coordinator c = coordinator(config, clock);
        List<FakeServer> endpoints = new ArrayList<>();
        List<TestNode> servers = new ArrayList<>();
        List<TestNode> workers = new ArrayList<>();
        for (int i = 0; i < config.servers(); i++) {
            FakeServer endpoint = fakeServer();
            TestNode n = node(c);
            assertThat(n.registerNow(NodeRole.SERVER, "127.0.0.1", endpoint.port()).id()).isEqualTo(i);
            endpoints.add(endpoint);
            servers.add(n);
        }
        for (int i = 0; i < config.workers(); i++) {
            TestNode n = node(c);
            assertThat(n.registerNow(NodeRole.WORKER, "127.0.0.1", 0).id()).isEqualTo(i);
            workers.add(n);
        }
        for (TestNode n : servers) {
            assertThat(n.nextView().epoch()).isEqualTo(1);
        }
        for (TestNode n : workers) {
            assertThat(n.nextView().epoch()).isEqualTo(1);
        }
        return new Cluster(c, endpoints, servers, workers);
    }

    @Override
    public void close() throws Exception {
        for (Coordinator c : coordinators) {
            c.close();
        }
        for (AutoCloseable p : peers.reversed()) {
            p.close();
        }
        rt.close();
    }
}
