package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.transport.metrics.Health;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.rpc.RpcServer;
import dev.shoal.transport.time.NodeClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's coordinator: admits servers and workers, publishes the cluster view, watches heartbeats and lays out
 * tables over the servers.
 *
 * <pre>{@code
 * try (Coordinator c = Coordinator.start(CoordinatorConfig.defaults(2, 4).withPort(0))) {
 *     int port = c.port();              // nodes REGISTER here
 *     c.awaitTermination();             // until close()
 * }
 * }</pre>
 *
 * <p>Protocol, as seen by a node (all frames on the connection it registered on):
 * <ul>
 *   <li>REGISTER {@code u8 role, str host, i32 port} is answered {@code i32 nodeId, str status}: ids are 0-based
 *       per role in join order, status says what the cluster still waits for. A server must advertise an address
 *       the coordinator can connect to (it is answered UNREACHABLE otherwise); nodes beyond the expected count
 *       get CLUSTER_NOT_READY.</li>
 *   <li>Once all nodes joined, every node gets a CLUSTER_VIEW notification (epoch 1), and a new one (epoch + 1)
 *       whenever a worker dies: at once when its registration connection closes, or when no HEARTBEAT came for
 *       the heartbeat timeout (counted from the first view, so nodes may start heartbeating when they get it),
 *       reported at most a quarter timeout (capped at 200 ms) late.</li>
 *   <li>CREATE_TABLE / OPEN_TABLE answer a TableDescriptor once every server installed the table.</li>
 * </ul>
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final long STATUS_LOG_MILLIS = 5000;
    private static final long MAX_CHECK_MILLIS = 200;
    private final NettyRuntime runtime;
    private final ScheduledExecutorService monitor;
    private final ExecutorService background;
    private final Membership membership;
    private final RpcServer server;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Coordinator(CoordinatorConfig config, NettyRuntime runtime, ScheduledExecutorService monitor,
                        ExecutorService background, MeterRegistry registry) {
        this.runtime = runtime;
        this.monitor = monitor;
        this.background = background;
        Object lock = new Object();
        this.membership = new Membership(lock, config, background, runtime.clock());
        TableCatalog tables = new TableCatalog(lock, membership, config);
        membership.onRejoin(new ServerRejoin(membership, tables)::start);
        TransportOptions options = TransportOptions.defaults().withIoThreads(2);
        Router router = new Router(membership, tables, background, runtime, options,
                new CoordinatorMetrics(registry, membership));
        this.server = RpcServer.bind(runtime, config.host(), config.port(), options, router);
    }

    /** Listens on the configured address and returns at once; fails with UNREACHABLE if it can't bind. */
    public static Coordinator start(CoordinatorConfig config) {
        return start(config, NodeClock.system());
    }

    /** {@link #start(CoordinatorConfig)} measuring heartbeat silence and request deadlines on {@code clock}. */
    public static Coordinator start(CoordinatorConfig config, NodeClock clock) {
        return start(config, clock, new SimpleMeterRegistry());
    }

    /** {@link #start(CoordinatorConfig, NodeClock)}, counting into {@code registry} ({@link CoordinatorMetrics}). */
    public static Coordinator start(CoordinatorConfig config, NodeClock clock, MeterRegistry registry) {
        NettyRuntime runtime = NettyRuntime.create("coordinator", 2, clock);
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("shoal-coordinator-monitor").daemon(true).factory());
        ExecutorService background = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("shoal-coordinator-connect-", 0).factory());
        Coordinator c;
        try {
            c = new Coordinator(config, runtime, monitor, background, registry);
        } catch (RuntimeException e) {
            monitor.shutdownNow();
            background.shutdownNow();
            runtime.close();
            throw e;
        }
        c.startMonitor(config);
        LOG.info("coordinator listening on {}:{} for {} and {} ({}, {} partitions, heartbeat timeout {} ms)",
                config.host(), c.port(), Sentences.plural(config.servers(), "server"),
                Sentences.plural(config.workers(), "worker"), config.consistency(), config.partitions(),
                config.heartbeatTimeout().toMillis());
        int k = config.replicationFactor();
        LOG.info(k > 1 ? "replication {}: every slice and partition is held by {} servers (BSP tables copy each closed "
                        + "round, ASP and SSP tables each push), so the job survives {} lost"
                        : "replication {}: every slice and partition is held by {} server; a lost server loses its "
                        + "ranges{}", k, k, k > 1 ? k - 1 : (config.servers() > 1 ? " (start with --replication 2)"
                        : " (run 2 servers or more to replicate)"));
        return c;
    }

    private void startMonitor(CoordinatorConfig config) {
        // Check often enough that a death is reported within about a quarter timeout of its deadline.
        long check = Math.clamp(config.heartbeatTimeout().toMillis() / 4, 10, MAX_CHECK_MILLIS);
        monitor.scheduleWithFixedDelay(guard(membership::checkLiveness), check, check, TimeUnit.MILLISECONDS);
        monitor.scheduleWithFixedDelay(guard(membership::logWaiting), STATUS_LOG_MILLIS, STATUS_LOG_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Runs the liveness check now, as the monitor does periodically: tests call it after moving a manual clock. */
    void checkLiveness() {
        membership.checkLiveness();
    }

    /** A periodic task that survives its own failures (an escaping exception would cancel it silently). */
    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("coordinator background task failed", e);
            }
        };
    }

    /** The port the coordinator listens on (the bound one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** The current cluster view, or null until every expected server and worker registered. */
    /**
     * Calls {@code listener} with every view published from now on (on the thread that changed membership, under
     * the coordinator's lock: it must be quick and must not call back into the coordinator).
     */
    public void watchViews(java.util.function.Consumer<ClusterView> listener) {
        membership.onPublish(listener);
    }

    public ClusterView view() {
        return membership.view();
    }

    /**
     * UP while it runs and has lost no server; DOWN once closed, or once a server is lost (its slices are
     * unavailable, so the job cannot go on). Details: whether the cluster is complete, the view epoch and the live
     * workers, or what it still waits for.
     */
    public Health health() {
        if (closed.get()) {
            return Health.down("the coordinator is shut down");
        }
        int lost = membership.count(NodeRole.SERVER, Member.State.DEAD);
        Health h = lost == 0 ? Health.up() : Health.down(Sentences.plural(lost, "server") + " lost: "
                + "their slices are unavailable");
        ClusterView v = membership.view();
        return v == null ? h.with("cluster", "waiting").with("waitingFor", membership.waitingSentence())
                : h.with("cluster", "complete").with("viewEpoch", v.epoch()).with("liveWorkers", v.liveWorkerCount());
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops listening and drops every connection; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<RpcClient> clients = membership.close();
        monitor.shutdownNow();
        try {
            server.close();
            for (RpcClient c : clients) {
                c.close();
            }
            background.shutdownNow();
            runtime.close();
        } finally {
            terminated.countDown();
            LOG.info("coordinator stopped");
        }
    }
}
