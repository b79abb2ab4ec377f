package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.error.ShapeMismatchException;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableKind;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.cluster.CoordinatorSession;
import dev.shoal.transport.cluster.JoinRequest;
import dev.shoal.transport.metrics.Health;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.RpcClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's handle on the job: joins through the coordinator, connects to every server, and opens tables.
 *
 * <pre>{@code
 * try (ShoalClient ps = ShoalClient.connect(ClientConfig.of("127.0.0.1:7100"))) {
 *     DenseTable w = ps.dense(TableSpec.dense("w", 784, 10).optimizer(OptimizerSpec.sgd(0.1f)));
 *     float[] weights = new float[(int) w.size()];
 *     float[] grad = new float[(int) w.size()];
 *     for (int step = 0; step < 100; step++) {
 *         w.pull(weights);
 *         computeGradient(weights, grad);
 *         w.push(grad);
 *         ps.clock();
 *     }
 * }
 * }</pre>
 *
 * <p>Every call has a blocking form and an {@code ...Async} form returning a {@link CompletableFuture}. Requests
 * are cut by server and sent in parallel; large tensors are pipelined slice by slice. Failures surface as the
 * {@link ShoalException} subclass of their code ({@code dev.shoal.protocol.error}), naming the table and what was
 * wrong; {@link ShoalException#retriable()} says whether sending the same request again may help. Every request has
 * a deadline ({@link ClientConfig#withRequestTimeouts}): a server that stops answering fails the request with
 * {@code RequestTimeoutException} naming the server, the kind of request and the deadline, instead of hanging the
 * worker. An interrupted blocking call throws {@code ShoalInterruptedException}. {@link #latencies()} gives the
 * round-trip times of the requests so far, by kind.
 */
public final class ShoalClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShoalClient.class);
    private final ClientConfig config;
    private final NettyRuntime runtime;
    private final CoordinatorSession session;
    private final ServerLinks servers;
    private final ClientMetrics metrics;
    /** Pushes to replicated BSP tables: counted for the clock, kept until every replica holds their round. */
    private final RoundRetention rounds;
    /** Request ids: one sequence for every server, so that a request resent elsewhere keeps a unique id. */
    private final AtomicLong sequence = new AtomicLong();
    private final long idPrefix;
    private volatile int clock;

    private ShoalClient(ClientConfig config, NettyRuntime runtime, CoordinatorSession session, ServerLinks servers,
                        ClientMetrics metrics) {
        this.config = config;
        this.runtime = runtime;
        this.session = session;
        this.servers = servers;
        this.metrics = metrics;
        this.idPrefix = ((long) session.nodeId() + 1) << 40;
        this.rounds = new RoundRetention(servers::view, servers::execute, this::resend);
        servers.onNewLayout(rounds::onLayout);
        metrics.watch(this);
    }

    /** Joins the job as a worker and waits until every server and worker has joined. */
    public static ShoalClient connect(ClientConfig config) {
        return connect(config, null);
    }

    /** {@link #connect(ClientConfig)}, counting into {@code registry} (see {@link ClientMetrics}); null: nothing. */
    public static ShoalClient connect(ClientConfig config, MeterRegistry registry) {
        NettyRuntime rt = NettyRuntime.create("worker", config.transport().ioThreads());
        CoordinatorSession session = null;
        ServerLinks links = null;
        try {
            JoinRequest join = JoinRequest.worker(config.coordinatorHost(), config.coordinatorPort())
                    .withJoinTimeout(config.joinTimeout()).withTransport(config.transport());
            ServerLinks[] linked = new ServerLinks[1];
            session = CoordinatorSession.join(rt, join, v -> {
                LOG.debug("cluster {}", v);
                ServerLinks l = linked[0];
                if (l != null) {
                    l.onView(v);
                }
            });
            ClusterView view = session.awaitView(config.joinTimeout());
            links = new ServerLinks(rt, config.transport(), session.nodeId(), view);
            linked[0] = links;
            // A view that arrived between awaitView and now was not seen by the links: take the latest.
            links.onView(session.view());
            links.connectAll();
            LOG.info("worker {} joined: {} servers, {} workers", session.nodeId(), view.servers().size(),
                    view.expectedWorkers());
            return new ShoalClient(config, rt, session, links, ClientMetrics.of(registry));
        } catch (RuntimeException e) {
            if (links != null) {
                links.close();
            }
            if (session != null) {
                session.close();
            }
            rt.close();
            throw e;
        }
    }

    /** This worker's id, 0-based. */
    public int workerId() {
        return session.nodeId();
    }

    /** The latest cluster view. */
    public ClusterView view() {
        return servers.view();
    }

    /** The number of iterations this worker has finished. */
    public int currentClock() {
        return clock;
    }

    /**
     * The round-trip times of this worker's requests to the servers so far (pushes, pulls, push-pulls, clocks; dense
     * and sparse merged), over all servers: a copy, while recording goes on. A pull's time includes its wait at the
     * servers' consistency gate (under BSP, for the round to complete); see {@link RequestLatencies}.
     */
    public RequestLatencies latencies() {
        return RequestLatencies.of(servers.everyConnection());
    }

    /** What this worker counts; counts nothing when connected without a registry. */
    public ClientMetrics metrics() {
        return metrics;
    }

    /**
     * UP while the connections to the coordinator and to every server in service are open; DOWN naming the one
     * lost (a server the coordinator has taken out of service no longer counts: its ranges answer elsewhere).
     */
    public Health health() {
        if (!session.rpc().isActive()) {
            return Health.down("lost the coordinator at " + session.rpc().address());
        }
        ClusterView v = servers.view();
        RpcClient[] open = servers.current();
        for (int s : v.inService()) {
            if (open[s] != null && !open[s].isActive()) {
                return Health.down("lost server " + s + " at " + open[s].address());
            }
        }
        return Health.up().with("clock", clock).with("servers", v.inService().length)
                .with("layoutEpoch", v.layoutEpoch());
    }

    /** Creates a dense table, or opens it if another worker created an identical one. */
    public DenseTable dense(TableSpec spec) {
        requireKind(spec, TableKind.DENSE);
        return new DenseTable(this, create(spec));
    }

    /** Creates a sparse table, or opens it if another worker created an identical one. */
    public SparseTable sparse(TableSpec spec) {
        requireKind(spec, TableKind.SPARSE);
        return new SparseTable(this, create(spec));
    }

    /** Opens an existing dense table by name. */
    public DenseTable openDense(String name) {
        TableDescriptor d = open(name);
        requireKind(d.spec(), TableKind.DENSE);
        return new DenseTable(this, d);
    }

    /** Opens an existing sparse table by name. */
    public SparseTable openSparse(String name) {
        TableDescriptor d = open(name);
        requireKind(d.spec(), TableKind.SPARSE);
        return new SparseTable(this, d);
    }

    private static void requireKind(TableSpec spec, TableKind kind) {
        if (spec.kind() != kind) {
            throw new ShapeMismatchException(spec + " is not a " + kind.name().toLowerCase(
                    java.util.Locale.ROOT) + " table");
        }
    }

    private TableDescriptor create(TableSpec spec) {
        RpcClient c = session.rpc();
        ByteBuf f = FrameHeader.allocate(c.alloc(), MessageType.CREATE_TABLE, c.nextRequestId(), 0, 0, 256);
        ControlCodec.writeSpec(f, spec);
        return descriptorOf(c.call(FrameHeader.finish(f)));
    }

    private TableDescriptor open(String name) {
        RpcClient c = session.rpc();
        ByteBuf f = FrameHeader.allocate(c.alloc(), MessageType.OPEN_TABLE, c.nextRequestId(), 0, 0, 64);
        Strings.write(f, name);
        return descriptorOf(c.call(FrameHeader.finish(f)));
    }

    private static TableDescriptor descriptorOf(CompletableFuture<ByteBuf> reply) {
        ByteBuf r = Futures.await(reply, "the coordinator's table layout");
        try {
            return ControlCodec.readDescriptor(CoordinatorSession.body(r));
        } finally {
            r.release();
        }
    }

    /** Ends this worker's current iteration on every server; blocks until all have recorded it. */
    public void clock() {
        Futures.await(clockAsync(), "the servers to record the clock");
    }

    /**
     * Ends the current iteration: every server in service or joining learns that this worker moved to the next
     * clock (a server taken out of service meanwhile no longer needs to), and how many pushes it sent each chain of
     * a replicated BSP table in the iteration it ended. Once every server has answered (none skipped), the pushes
     * of replicated BSP tables up to two iterations back are held by every replica and forgotten here.
     */
    public CompletableFuture<Void> clockAsync() {
        long start = System.nanoTime();
        int next = clock + 1;
        int n = servers.view().servers().size();
        RoundRetention.Counts pushed = rounds.counts(clock);
        Fanout out = new Fanout(this, n);
        ClockReplyEpochs layouts = new ClockReplyEpochs(servers.view().layoutEpoch());
        for (int s = 0; s < n; s++) {
            int server = s;
            ByteBuf f = pushed.encode(NettyRuntime.allocator(), nextRequestId(), next);
            out.send(v -> v.isReplicating(server) ? server : Fanout.SKIP, f, layouts);
        }
        clock = next;
        CompletableFuture<Void> answered = out.joined().thenRun(() -> {
            if (out.skipped() == 0 && layouts.agree()) {
                rounds.release(next - 2);
            }
        });
        return metrics.timeClock(start, answered);
    }

    /**
     * The layout epochs the servers answered a clock under. The answers say that rounds two back are held by every
     * replica of the units each server is primary of; together they cover every unit only if all were given under
     * one layout, no older than the one the clock was sent under.
     */
    private static final class ClockReplyEpochs implements Consumer<ByteBuf> {
        private final int sentUnder;
        private int min = Integer.MAX_VALUE;
        private int max = Integer.MIN_VALUE;

        ClockReplyEpochs(int sentUnder) {
            this.sentUnder = sentUnder;
        }

        @Override
        public synchronized void accept(ByteBuf reply) {
            try {
                int epoch = FrameHeader.bodyLength(reply) >= Integer.BYTES
                        ? reply.getIntLE(FrameHeader.bodyIndex(reply)) : Integer.MIN_VALUE;
                min = Math.min(min, epoch);
                max = Math.max(max, epoch);
            } finally {
                reply.release();
            }
        }

        synchronized boolean agree() {
            return min == max && min >= sentUnder;
        }
    }

    /** A fresh request id of this worker: {@code (workerId + 1) << 40 | sequence}. */
    long nextRequestId() {
        return idPrefix | sequence.incrementAndGet();
    }

    /** The open connection to server {@code id}, reconnecting if needed (see {@link ServerLinks#connection}). */
    RpcClient connection(int id) {
        return servers.connection(id);
    }

    /** A request piece was answered after {@code failures} failed attempts (see {@link ServerLinks#resent}). */
    void resent(int layoutEpoch, long sinceFirstFailureNanos, int failures) {
        servers.resent(layoutEpoch, sinceFirstFailureNanos, failures);
    }

    /** Pushes to replicated BSP tables (see {@link RoundRetention}). */
    RoundRetention rounds() {
        return rounds;
    }

    /** Sends a kept push again, as a piece of its own (see {@link RoundRetention.Resender}). */
    private CompletableFuture<Void> resend(ToIntFunction<ClusterView> route, ByteBuf frame) {
        Fanout out = new Fanout(this, 1);
        out.send(route, frame);
        return out.joined();
    }

    /** See {@link ServerLinks#retryAfterNewerLayout}. */
    void retryAfterNewerLayout(int usedEpoch, int attempt, Runnable action) {
        servers.retryAfterNewerLayout(usedEpoch, attempt, action);
    }

    ClientConfig config() {
        return config;
    }

    @Override
    public void close() {
        servers.close();
        rounds.close();
        session.close();
        runtime.close();
    }
}
