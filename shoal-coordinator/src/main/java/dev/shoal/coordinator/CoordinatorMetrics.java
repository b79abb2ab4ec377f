package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.TableDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a coordinator counts. Membership and the view are read on scrape (gauges over {@link Membership}); the
 * router reports requests, refusals, accepted registrations, heartbeats and leaves, and tables as they become
 * ready. Every counter exists from the start, so counting allocates nothing and a scrape shows zeros, not gaps.
 *
 * <pre>{@code
 * CoordinatorMetrics metrics = new CoordinatorMetrics(registry, membership);
 * metrics.request(MessageType.HEARTBEAT);
 * metrics.heartbeat(NodeRole.WORKER);
 * }</pre>
 *
 * <p>Names (Prometheus form): {@code shoal_coordinator_members{member_role, state}} (state live, dead or left;
 * {@code member_role}, not {@code role}, which every meter of the node carries already: {@code coordinator}),
 * {@code shoal_coordinator_view_epoch} (views published so far), {@code shoal_coordinator_requests_total{type}},
 * {@code shoal_coordinator_refused_total{code}}, {@code shoal_coordinator_registrations_total{member_role}},
 * {@code shoal_coordinator_heartbeats_total{member_role}}, {@code shoal_coordinator_leaves_total{member_role}},
 * {@code shoal_coordinator_tables{kind}} and {@code shoal_coordinator_dense_floats} (the dense tables' parameters;
 * a sparse table's rows appear on the servers as keys are first touched, see {@code shoal_server_table_bytes}).
 */
final class CoordinatorMetrics {
    /** What the coordinator answers; any other type is counted as {@code type="OTHER"}. */
    private static final Set<MessageType> HANDLED = Set.of(MessageType.REGISTER, MessageType.HEARTBEAT,
            MessageType.LEAVE, MessageType.CREATE_TABLE, MessageType.OPEN_TABLE, MessageType.ECHO);
    private final Map<MessageType, Counter> requests = new EnumMap<>(MessageType.class);
    private final Counter otherRequests;
    private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);
    private final Map<NodeRole, Counter> registrations = new EnumMap<>(NodeRole.class);
    private final Map<NodeRole, Counter> heartbeats = new EnumMap<>(NodeRole.class);
    private final Map<NodeRole, Counter> leaves = new EnumMap<>(NodeRole.class);
    /** Ids of the tables counted: every creator of a table is answered, the table counts once. */
    private final Set<Integer> tables = ConcurrentHashMap.newKeySet();
    private final AtomicLong denseTables = new AtomicLong();
    private final AtomicLong sparseTables = new AtomicLong();
    private final AtomicLong denseFloats = new AtomicLong();

    CoordinatorMetrics(MeterRegistry registry, Membership membership) {
        for (MessageType t : HANDLED) {
            requests.put(t, requestCounter(registry, t.name()));
        }
        otherRequests = requestCounter(registry, "OTHER");
        for (ErrorCode code : ErrorCode.values()) {
            refused.put(code, Counter.builder("shoal.coordinator.refused").tag("code", code.name())
                    .description("requests answered with an error, by error code").register(registry));
        }
        for (NodeRole role : NodeRole.values()) {
            String r = roleName(role);
            registrations.put(role, Counter.builder("shoal.coordinator.registrations").tag("member_role", r)
                    .description("registrations accepted").register(registry));
            heartbeats.put(role, Counter.builder("shoal.coordinator.heartbeats").tag("member_role", r)
                    .description("heartbeats accepted").register(registry));
            leaves.put(role, Counter.builder("shoal.coordinator.leaves").tag("member_role", r)
                    .description("nodes that said they are done (LEAVE)").register(registry));
            for (Member.State state : Member.State.values()) {
                Gauge.builder("shoal.coordinator.members", () -> membership.count(role, state))
                        .tag("member_role", r).tag("state", state.name().toLowerCase(Locale.ROOT))
                        .description("registered nodes by role and state (live, dead, left)").register(registry);
            }
        }
        Gauge.builder("shoal.coordinator.view.epoch", () -> epoch(membership.view()))
                .description("epoch of the current cluster view, the number of views published; 0 before the first")
                .register(registry);
        Gauge.builder("shoal.coordinator.tables", denseTables, AtomicLong::get).tag("kind", "dense")
                .description("tables created and installed on every server").register(registry);
        Gauge.builder("shoal.coordinator.tables", sparseTables, AtomicLong::get).tag("kind", "sparse")
                .description("tables created and installed on every server").register(registry);
        Gauge.builder("shoal.coordinator.dense.floats", denseFloats, AtomicLong::get)
                .description("parameters (floats) of the dense tables created").register(registry);
    }

    private static Counter requestCounter(MeterRegistry registry, String type) {
        return Counter.builder("shoal.coordinator.requests").tag("type", type)
                .description("requests received, by message type").register(registry);
    }

    private static int epoch(ClusterView v) {
        return v == null ? 0 : v.epoch();
    }

    static String roleName(NodeRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** A request arrived; {@code type} is null when its id is unknown. */
    void request(MessageType type) {
        Counter c = type == null ? null : requests.get(type);
        (c == null ? otherRequests : c).increment();
    }

    void refused(ErrorCode code) {
        refused.get(code).increment();
    }

    void registered(NodeRole role) {
        registrations.get(role).increment();
    }

    void heartbeat(NodeRole role) {
        heartbeats.get(role).increment();
    }

    void left(NodeRole role) {
        leaves.get(role).increment();
    }

    /** A CREATE_TABLE was answered with {@code d}; the table counts the first time only. */
    void tableReady(TableDescriptor d) {
        if (!tables.add(d.id())) {
            return;
        }
        if (d.spec().isDense()) {
            denseTables.incrementAndGet();
            denseFloats.addAndGet(d.size());
        } else {
            sparseTables.incrementAndGet();
        }
    }
}
