package dev.shoal.coordinator;

import static dev.shoal.coordinator.TestNode.await;
import static dev.shoal.coordinator.TestNode.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.time.ManualClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MembershipTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void idsFollowJoinOrderAndTheStatusSaysWhatIsMissing() {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(2, 2));
        FakeServer a = fx.fakeServer();
        FakeServer b = fx.fakeServer();

        TestNode.Registered s0 = fx.node(c).registerNow(NodeRole.SERVER, "127.0.0.1", a.port());
        TestNode.Registered w0 = fx.node(c).registerNow(NodeRole.WORKER, "127.0.0.1", 0);
        TestNode.Registered s1 = fx.node(c).registerNow(NodeRole.SERVER, "127.0.0.1", b.port());

        assertThat(s0.id()).isZero();
        assertThat(s0.status()).isEqualTo("waiting for servers: 1 of 2 joined (127.0.0.1:" + a.port()
                + "); workers: 0 of 2 joined");
        assertThat(w0.id()).isZero();
        assertThat(w0.status()).isEqualTo("waiting for servers: 1 of 2 joined (127.0.0.1:" + a.port()
                + "); workers: 1 of 2 joined (127.0.0.1:0)");
        assertThat(s1.id()).isEqualTo(1);
        assertThat(s1.status()).startsWith("waiting for servers: 2 of 2 joined").contains("workers: 1 of 2");
        assertThat(c.view()).isNull();

        TestNode.Registered w1 = fx.node(c).registerNow(NodeRole.WORKER, "127.0.0.1", 0);
        assertThat(w1.id()).isEqualTo(1);
        assertThat(w1.status()).startsWith("cluster complete");
    }

    @Test
    void theCompleteViewReachesEveryNode() throws Exception {
        CoordinatorConfig config = CoordinatorConfig.defaults(2, 2).withConsistency(Consistency.ssp(2))
                .withPartitions(64);
        Coordinator c = fx.coordinator(config);
        FakeServer a = fx.fakeServer();
        FakeServer b = fx.fakeServer();
        List<TestNode> nodes = List.of(fx.node(c), fx.node(c), fx.node(c), fx.node(c));
        nodes.get(0).registerNow(NodeRole.SERVER, "127.0.0.1", a.port());
        nodes.get(1).registerNow(NodeRole.SERVER, "127.0.0.1", b.port());
        nodes.get(2).registerNow(NodeRole.WORKER, "127.0.0.1", 0);
        assertThat(nodes.get(0).views).isEmpty();
        nodes.get(3).registerNow(NodeRole.WORKER, "127.0.0.1", 0);

        for (TestNode n : nodes) {
            ClusterView v = n.nextView();
            assertThat(v.epoch()).isEqualTo(1);
            assertThat(v.servers()).containsExactly(new NodeAddress(0, "127.0.0.1", a.port()),
                    new NodeAddress(1, "127.0.0.1", b.port()));
            assertThat(v.liveWorkers()).containsExactly(0, 1);
            assertThat(v.expectedWorkers()).isEqualTo(2);
            assertThat(v.consistency()).isEqualTo(Consistency.ssp(2));
            assertThat(v.partitions()).isEqualTo(64);
            assertThat(v).isEqualTo(c.view());
        }
    }

    @Test
    void surplusNodesAreRefusedWithTheCounts() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 1));
        ShoalException worker = errorOf(fx.node(cl.coordinator()).register(NodeRole.WORKER, "127.0.0.1", 0));
        ShoalException server = errorOf(fx.node(cl.coordinator()).register(NodeRole.SERVER, "127.0.0.1",
                fx.fakeServer().port()));

        assertThat(worker.code()).isEqualTo(ErrorCode.CLUSTER_NOT_READY);
        assertThat(worker.getMessage()).contains("1 of 1 servers", "1 of 1 workers", "no more workers");
        assertThat(server.code()).isEqualTo(ErrorCode.CLUSTER_NOT_READY);
        assertThat(server.getMessage()).contains("no more servers");
    }

    @Test
    void aServerAdvertisingAnUnreachableAddressIsToldWhichOne() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        ShoalException e = errorOf(fx.node(c).register(NodeRole.SERVER, "127.0.0.1", closedPort));

        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
        // The slot stays free for a server that advertises itself correctly.
        assertThat(fx.node(c).registerNow(NodeRole.SERVER, "127.0.0.1", fx.fakeServer().port()).id()).isZero();
    }

    @Test
    void aWorkerWhoseConnectionClosesLeavesTheView() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 3));
        cl.workers().get(1).close();

        for (TestNode n : List.of(cl.servers().get(0), cl.workers().get(0), cl.workers().get(2))) {
            ClusterView v = n.nextView();
            assertThat(v.epoch()).isEqualTo(2);
            assertThat(v.liveWorkers()).containsExactly(0, 2);
            assertThat(v.expectedWorkers()).isEqualTo(3);
        }
        assertThat(cl.coordinator().view().epoch()).isEqualTo(2);
    }

    @Test
    void aWorkerThatLeavesIsDroppedFromTheViewAndItsLaterCloseChangesNothing() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 2));
        TestNode leaving = cl.workers().get(1);
        TestNode.await(leaving.call(MessageType.LEAVE, b -> b.writeIntLE(1).writeByte(NodeRole.WORKER.id), b -> null));
        ClusterView v = cl.workers().get(0).nextView();
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.liveWorkers()).containsExactly(0);
        leaving.close();
        assertThat(cl.workers().get(0).viewWithin(1000)).as("closing after leaving is no second change").isNull();
        assertThat(cl.coordinator().view().epoch()).isEqualTo(2);
    }

    @Test
    void aWorkerIsDroppedWhenItsSilenceExceedsTheHeartbeatTimeoutAndNotBefore() throws Exception {
        ManualClock clock = new ManualClock();
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 2)
                .withHeartbeatTimeout(Duration.ofSeconds(3)), clock);
        Coordinator c = cl.coordinator();
        TestNode alive = cl.workers().get(0);
        clock.advance(Duration.ofSeconds(2));
        await(alive.heartbeat(0, NodeRole.WORKER));

        clock.advance(Duration.ofSeconds(1));
        c.checkLiveness();
        assertThat(c.view().epoch()).as("worker 1 silent for exactly the timeout is still alive").isEqualTo(1);

        clock.advance(Duration.ofNanos(1));
        c.checkLiveness();
        ClusterView v = alive.nextView();
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.liveWorkers()).containsExactly(0);
        assertThat(cl.servers().get(0).nextView()).isEqualTo(v);

        // Worker 0 last beat 1 s ago: 2 s more is exactly the timeout again, so it stays.
        clock.advance(Duration.ofSeconds(2).minusNanos(1));
        c.checkLiveness();
        assertThat(c.view().epoch()).isEqualTo(2);
        // The silent worker kept its connection, but it is no longer part of the job.
        ShoalException e = errorOf(cl.workers().get(1).heartbeat(1, NodeRole.WORKER));
        assertThat(e.getMessage()).contains("worker 1", "dead");
        await(alive.heartbeat(0, NodeRole.WORKER));
    }

    @Test
    void aMalformedBodyClosesOnlyThatConnection() throws Exception {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        TestNode bad = fx.node(c);

        ShoalException e = errorOf(bad.call(MessageType.REGISTER, b -> b.writeByte(NodeRole.WORKER.id), b -> b));
        ShoalException after = errorOf(bad.call(MessageType.ECHO, b -> b.writeIntLE(7), b -> b.readIntLE()));

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(e.getMessage()).contains("REGISTER", "body of 1 bytes ends early");
        assertThat(after.code()).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        TestNode good = fx.node(c);
        int echoed = await(good.call(MessageType.ECHO, b -> b.writeIntLE(7), b -> b.readIntLE()));
        assertThat(echoed).isEqualTo(7);
        assertThat(good.registerNow(NodeRole.WORKER, "127.0.0.1", 0).id()).isZero();
    }

    @Test
    void anUnhandledTypeIsRefusedButTheConnectionStaysOpen() {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        TestNode n = fx.node(c);

        ShoalException e = errorOf(n.call(MessageType.PUSH_DENSE, b -> b.writeLongLE(0).writeIntLE(0), b -> b));

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("PUSH_DENSE");
        long echoed = await(n.call(MessageType.ECHO, b -> b.writeLongLE(42), b -> b.readLongLE()));
        assertThat(echoed).isEqualTo(42L);
    }

    @Test
    void aHeartbeatFromAnUnknownNodeIsRefused() {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        ShoalException e = errorOf(fx.node(c).heartbeat(5, NodeRole.WORKER));
        assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_NOT_READY);
        assertThat(e.getMessage()).contains("no worker with id 5");
    }
}
