package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.server.metrics.ServerEndpoint;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.metrics.ServerStats;
import dev.shoal.server.replica.ReplicaLinks;
import dev.shoal.transport.cluster.CoordinatorSession;
import dev.shoal.transport.cluster.JoinRequest;
import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.RpcServer;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process: listens for workers, joins the job through the coordinator, and holds its share of every
 * table.
 *
 * <pre>{@code
 * try (ServerNode s = ServerNode.start(ServerConfig.of("127.0.0.1", 7100).withPort(7101))) {
 *     s.awaitTermination();
 * }
 * }</pre>
 *
 * <p>It listens before it registers, so a worker's first request can never arrive before the server is ready to
 * handle it (a start-up race ps-lite users hit). With a metrics port (0 picks a free one) it logs, once joined,
 * {@code metrics on http://HOST:PORT/metrics}: the address to scrape, for a harness reading the node's log. The
 * same endpoint answers {@code /stats} (the figures as JSON, {@link dev.shoal.server.metrics.ServerStats}) and
 * {@code /health} (200 once joined and serving, 503 before and once closing).
 */
public final class ServerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerNode.class);
    private final NettyRuntime runtime;
    private final RpcServer rpc;
    private final ServerHandler handler;
    private final CoordinatorSession session;
    private final ReplicaLinks links;
    private final NodeMetrics nodeMetrics;
    private final MetricsEndpoint metrics;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    /** What {@code /health} reports: true from the end of {@link #start} until {@link #close}. */
    private final AtomicBoolean serving;

    private ServerNode(NettyRuntime runtime, RpcServer rpc, ServerHandler handler, CoordinatorSession session,
                       NodeMetrics nodeMetrics, MetricsEndpoint metrics, AtomicBoolean serving, ReplicaLinks links) {
        this.links = links;
        this.nodeMetrics = nodeMetrics;
        this.runtime = runtime;
        this.rpc = rpc;
        this.handler = handler;
        this.session = session;
        this.metrics = metrics;
        this.serving = serving;
    }

    /** Binds, registers with the coordinator and returns; the cluster may still be forming. */
    public static ServerNode start(ServerConfig config) {
        NettyRuntime rt = NettyRuntime.create("server", config.transport().ioThreads());
        NodeMetrics nodeMetrics = NodeMetrics.create("server");
        ServerHandler handler = new ServerHandler(new ServerMetrics(nodeMetrics.registry()));
        AtomicBoolean serving = new AtomicBoolean();
        RpcServer rpc = null;
        MetricsEndpoint metrics = null;
        ReplicaLinks links = null;
        try {
            if (config.metricsPort() >= 0) {
                metrics = ServerEndpoint.start(nodeMetrics, config.bindHost(), config.metricsPort(), handler::stats,
                        serving::get);
            }
            rpc = RpcServer.bind(rt, config.bindHost(), config.port(), config.transport(), handler);
            JoinRequest join = JoinRequest.server(config.coordinatorHost(), config.coordinatorPort(),
                    config.publishedHost(), rpc.port()).withJoinTimeout(config.joinTimeout())
                    .withHeartbeat(config.heartbeat());
            CoordinatorSession session = CoordinatorSession.join(rt, join, v -> onView(handler, v));
            handler.setServerId(session.nodeId());
            links = new ReplicaLinks(rt, config.transport(), session.nodeId());
            handler.replicateWith(links, session::leaseHeld);
            nodeMetrics.identify(session.nodeId());
            LOG.info("server {} listening on {}:{} ({})", session.nodeId(), session.advertisedHost(), rpc.port(),
                    rt.isEpoll() ? "epoll" : "nio");
            ServerNode node = new ServerNode(rt, rpc, handler, session, nodeMetrics, metrics, serving, links);
            if (session.view() != null) {
                onView(handler, session.view());
            }
            serving.set(true);
            if (metrics != null) {
                String url = metricsUrl(config.bindHost(), session.advertisedHost(), metrics.port());
                LOG.info("metrics on {}", url);
                URI base = URI.create(url);
                LOG.info("stats on {}, health on {}", base.resolve("stats"), base.resolve("health"));
            }
            return node;
        } catch (RuntimeException e) {
            if (rpc != null) {
                rpc.close();
            }
            if (links != null) {
                links.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            nodeMetrics.close();
            rt.close();
            throw e;
        }
    }

    /**
     * Where a scraper finds the metrics: the bind address, or, when bound to every interface, the address this
     * server registered with (a harness reads this from the log, and 0.0.0.0 is not an address to connect to).
     */
    public static String metricsUrl(String bindHost, String advertisedHost, int port) {
        String host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? advertisedHost : bindHost;
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/metrics";
    }

    private static void onView(ServerHandler handler, ClusterView v) {
        LOG.info("cluster {}", v);
        handler.onView(v);
    }

    public int port() {
        return rpc.port();
    }

    public int id() {
        return session.nodeId();
    }

    /** The host workers reach this server at, as registered with the coordinator. */
    public String advertisedHost() {
        return session.advertisedHost();
    }

    /**
     * Completes, with the coordinator's words, when the coordinator has declared this server dead (it was
     * paused or cut off past the heartbeat timeout, and its ranges failed over): the server must stop.
     */
    public java.util.concurrent.CompletableFuture<String> expelled() {
        return session.expelled();
    }

    /** Blocks until {@link #close()}. */
    public void awaitTermination() throws InterruptedException {
        closed.await();
    }

    /** This server's figures now, as {@code /stats} answers them. */
    public ServerStats stats() {
        return handler.stats();
    }

    /** Port of the metrics endpoint, or -1 when there is none. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /**
     * Stops serving; later calls do nothing (a shutdown hook and the code awaiting termination both close, and a
     * second close on the stopped event loops would fail).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        serving.set(false);
        if (metrics != null) {
            metrics.close();
        }
        nodeMetrics.close();
        session.close();
        rpc.close();
        links.close();
        runtime.close();
        closed.countDown();
    }
}
