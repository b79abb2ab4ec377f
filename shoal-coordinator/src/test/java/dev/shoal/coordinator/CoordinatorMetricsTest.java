package dev.shoal.coordinator;

import static dev.shoal.coordinator.TestNode.await;
import static dev.shoal.coordinator.TestNode.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.metrics.Health;
import dev.shoal.transport.metrics.NodeMetrics;
import dev.shoal.transport.time.NodeClock;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A coordinator with one server and one worker, each a real TCP connection, read through its Prometheus scrape. */
class CoordinatorMetricsTest {
    private final Fixture fx = new Fixture();
    private final NodeMetrics metrics = NodeMetrics.create("coordinator");
    private Coordinator coordinator;

    @AfterEach
    void tearDown() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
        fx.close();
        metrics.close();
    }

    /** The value of one series of the scrape, e.g. {@code shoal_coordinator_view_epoch}; fails if absent. */
    private double value(String series) {
        String scrape = metrics.registry().scrape();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as("%s in the scrape:%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private double members(String role, String state) {
        return value("shoal_coordinator_members{member_role=\"" + role + "\",role=\"coordinator\",state=\"" + state
                + "\"}");
    }

    /** A counter's value; the scrape lists tags in alphabetical order, {@code role} among them. */
    private double counter(String name, String tag, String tagValue) {
        String own = tag + "=\"" + tagValue + "\"";
        String role = "role=\"coordinator\"";
        return value("shoal_coordinator_" + name + "_total{" + (tag.compareTo("role") < 0 ? own + "," + role
                : role + "," + own) + "}");
    }

    @Test
    void membersByRoleAndStateFollowTheCluster() throws Exception {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(1, 1).withPort(0), NodeClock.system(),
                metrics.registry());
        assertThat(members("server", "live")).isZero();
        assertThat(coordinator.health().details()).containsEntry("cluster", "waiting");

        FakeServer endpoint = fx.fakeServer();
        TestNode server = fx.node(coordinator);
        server.registerNow(NodeRole.SERVER, "127.0.0.1", endpoint.port());
        TestNode worker = fx.node(coordinator);
        worker.registerNow(NodeRole.WORKER, "127.0.0.1", 0);
        assertThat(worker.nextView().epoch()).isEqualTo(1);
        assertThat(server.nextView().epoch()).isEqualTo(1);

        assertThat(members("server", "live")).isEqualTo(1);
        assertThat(members("worker", "live")).isEqualTo(1);
        assertThat(members("worker", "dead")).isZero();
        assertThat(counter("registrations", "member_role", "server")).isEqualTo(1);
        assertThat(counter("registrations", "member_role", "worker")).isEqualTo(1);
        assertThat(value("shoal_coordinator_view_epoch{role=\"coordinator\"}")).isEqualTo(1);
        Health up = coordinator.health();
        assertThat(up.isUp()).isTrue();
        assertThat(up.details()).containsEntry("cluster", "complete").containsEntry("viewEpoch", 1)
                .containsEntry("liveWorkers", 1);

        await(worker.heartbeat(0, NodeRole.WORKER));
        await(worker.heartbeat(0, NodeRole.WORKER));
        assertThat(errorOf(worker.heartbeat(7, NodeRole.WORKER)).code()).isEqualTo(ErrorCode.CLUSTER_NOT_READY);
        assertThat(counter("heartbeats", "member_role", "worker")).isEqualTo(2);
        assertThat(counter("refused", "code", "CLUSTER_NOT_READY")).isEqualTo(1);
        assertThat(counter("requests", "type", "HEARTBEAT")).isEqualTo(3);
        assertThat(counter("requests", "type", "REGISTER")).isEqualTo(2);

        await(worker.call(MessageType.LEAVE, b -> b.writeIntLE(0).writeByte(NodeRole.WORKER.id), b -> null));
        assertThat(server.nextView().epoch()).isEqualTo(2);   // a node that left gets no more views
        assertThat(members("worker", "live")).isZero();
        assertThat(members("worker", "left")).isEqualTo(1);
        assertThat(counter("leaves", "member_role", "worker")).isEqualTo(1);
        assertThat(value("shoal_coordinator_view_epoch{role=\"coordinator\"}")).isEqualTo(2);

        server.close();
        Health down = awaitDown();
        assertThat(down.reason()).isEqualTo("1 server lost: their slices are unavailable");
        assertThat(members("server", "dead")).isEqualTo(1);
        assertThat(members("server", "live")).isZero();
    }

    /**
     * A dropped connection is noticed on the coordinator's event loop and announces nothing to the other nodes (a
     * lost server does not change the view), so poll the health the endpoint would serve until it says so.
     */
    private Health awaitDown() {
        long deadline = System.nanoTime() + TestNode.WAIT_SECONDS * 1_000_000_000L;
        Health h = coordinator.health();
        while (h.isUp() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            h = coordinator.health();
        }
        assertThat(h.isUp()).as("health after the server hung up: %s", h).isFalse();
        return h;
    }

    @Test
    void tablesCountOnceHoweverManyWorkersCreateThem() throws Exception {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(1, 2).withPort(0), NodeClock.system(),
                metrics.registry());
        FakeServer endpoint = fx.fakeServer();
        fx.node(coordinator).registerNow(NodeRole.SERVER, "127.0.0.1", endpoint.port());
        TestNode w0 = fx.node(coordinator);
        TestNode w1 = fx.node(coordinator);
        w0.registerNow(NodeRole.WORKER, "127.0.0.1", 0);
        w1.registerNow(NodeRole.WORKER, "127.0.0.1", 0);

        await(w0.createTable(TableSpec.dense("w", 100, 10)));
        await(w1.createTable(TableSpec.dense("w", 100, 10)));
        await(w0.createTable(TableSpec.dense("b", 10)));
        await(w1.createTable(TableSpec.sparse("emb", 8)));
        assertThat(errorOf(w1.createTable(TableSpec.dense("w", 5))).code()).isEqualTo(ErrorCode.TABLE_CONFLICT);
        assertThat(errorOf(w1.openTable("nope")).code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);

        assertThat(value("shoal_coordinator_tables{kind=\"dense\",role=\"coordinator\"}")).isEqualTo(2);
        assertThat(value("shoal_coordinator_tables{kind=\"sparse\",role=\"coordinator\"}")).isEqualTo(1);
        assertThat(value("shoal_coordinator_dense_floats{role=\"coordinator\"}")).isEqualTo(1010);
        assertThat(counter("requests", "type", "CREATE_TABLE")).isEqualTo(5);
        assertThat(counter("refused", "code", "TABLE_CONFLICT")).isEqualTo(1);
        assertThat(counter("refused", "code", "UNKNOWN_TABLE")).isEqualTo(1);
    }
}
