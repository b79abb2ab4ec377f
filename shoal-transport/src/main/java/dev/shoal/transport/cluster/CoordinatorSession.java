package dev.shoal.transport.cluster;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.MembershipCodec;
import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.error.ShoalInterruptedException;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.NotificationListener;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.time.Backoff;
import dev.shoal.transport.time.NodeClock;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's membership in the job: reaches the coordinator (retrying, and saying so, until the join timeout),
 * registers, heartbeats, and receives cluster views. Servers and workers both use it.
 *
 * <pre>{@code
 * CoordinatorSession s = CoordinatorSession.join(runtime, JoinRequest.worker("127.0.0.1", 7100), view -> { });
 * ClusterView view = s.awaitView(Duration.ofMinutes(1));
 * int myId = s.nodeId();
 * }</pre>
 *
 * <p>Every call to the coordinator has a deadline ({@link dev.shoal.transport.netty.RequestTimeouts#control()},
 * LEAVE one second), and time is the runtime's {@link NodeClock}. Reaching the coordinator is retried with
 * exponential backoff and full jitter ({@link #JOIN_BACKOFF_BASE} doubling up to {@link #JOIN_BACKOFF_MAX}) until
 * the join timeout. REGISTER is not retried once sent: it is not idempotent (a repeat would take a second slot).
 */
public final class CoordinatorSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSession.class);
    /** The first retry waits up to this long. */
    static final Duration JOIN_BACKOFF_BASE = Duration.ofMillis(100);
    /** No retry waits longer: a coordinator that starts late is found within this of its start. */
    static final Duration JOIN_BACKOFF_MAX = Duration.ofSeconds(2);
    /** How long a closing node waits for the coordinator to acknowledge LEAVE: a gone one must not delay exit. */
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(1);
    private final RpcClient rpc;
    private final JoinRequest join;
    private final CompletableFuture<ClusterView> firstView;
    private final int nodeId;
    private final String status;
    private final NodeClock clock;
    private final ScheduledFuture<?> heartbeat;
    private volatile ClusterView view;
    /** Set by {@link #close()}: the connection closing after it is our own doing, not a lost coordinator. */
    private volatile boolean leaving;
    private final CompletableFuture<Void> coordinatorLost = new CompletableFuture<>();
    private final CompletableFuture<String> expelled = new CompletableFuture<>();
    /** When the last heartbeat (or the registration) that the coordinator acknowledged was sent, on {@link #clock}. */
    private volatile long lastAckedSendNanos;

    private CoordinatorSession(RpcClient rpc, JoinRequest join, CompletableFuture<ClusterView> firstView, int nodeId,
                               String status, NettyRuntime rt, long registeredAt) {
        this.rpc = rpc;
        this.join = join;
        this.firstView = firstView;
        this.nodeId = nodeId;
        this.status = status;
        this.clock = rt.clock();
        this.lastAckedSendNanos = registeredAt;
        long every = join.heartbeat().toMillis();
        this.heartbeat = rt.group().next().scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
        rpc.whenClosed(this::connectionClosed);
    }

    /**
     * The coordinator went away while this node still belongs to the job: said once, loudly, since the node goes
     * on with its last view and would otherwise run on without a word (recovering from a lost coordinator is not
     * built yet).
     */
    private void connectionClosed() {
        if (leaving) {
            return;
        }
        heartbeat.cancel(false);
        ClusterView v = view;
        LOG.error("lost the coordinator at {}: this {} goes on with its last cluster view ({}), but will see no "
                + "membership change and can create or open no table; a restarted coordinator is not rejoined yet",
                join.coordinatorEndpoint(), join.role().name().toLowerCase(java.util.Locale.ROOT),
                v == null ? "none yet" : "epoch " + v.epoch());
        coordinatorLost.complete(null);
    }

    /**
     * Completes when the connection to the coordinator closes while this node still belongs to the job (not after
     * {@link #close()}), so that a node can react: a launcher, a health check, later a rejoin.
     */
    public CompletableFuture<Void> coordinatorLost() {
        return coordinatorLost;
    }

    /**
     * Completes, with the coordinator's words, when the coordinator refuses this node's heartbeat because it has
     * declared it dead (it was silent past the heartbeat timeout, e.g. paused): whatever the node still does no
     * longer counts, and it must stop.
     */
    public CompletableFuture<String> expelled() {
        return expelled;
    }

    /**
     * Whether the coordinator cannot have declared this node dead yet: a heartbeat it acknowledged was sent less
     * than three quarters of the heartbeat timeout ago (it counts silence from when it received one, which is later).
     * A primary serves replicated tables only while this holds, so that once it may have been replaced it has
     * stopped. False before the first view, which carries the timeout.
     */
    public boolean leaseHeld() {
        ClusterView v = view;
        return v != null && clock.nanoTime() - lastAckedSendNanos < v.heartbeatMillis() * 750_000L;
    }

    /** Reaches the coordinator and registers; {@code onView} sees every view, on a network thread. */
    public static CoordinatorSession join(NettyRuntime rt, JoinRequest join, Consumer<ClusterView> onView) {
        CompletableFuture<ClusterView> first = new CompletableFuture<>();
        CoordinatorSession[] self = new CoordinatorSession[1];
        Backoff backoff = new Backoff(JOIN_BACKOFF_BASE, JOIN_BACKOFF_MAX, new SplittableRandom());
        RpcClient rpc = connectWithRetry(rt, join, backoff, frame -> {
            if (FrameHeader.typeId(frame) == MessageType.CLUSTER_VIEW.id) {
                ClusterView v = ControlCodec.readView(body(frame));
                if (self[0] != null) {
                    self[0].view = v;
                }
                first.complete(v);
                onView.accept(v);
            }
        });
        long registeredAt = rt.clock().nanoTime();
        ByteBuf reply = register(rpc, join);
        try {
            MembershipCodec.Registered registered = MembershipCodec.readRegistered(body(reply));
            int id = registered.nodeId();
            String status = registered.status();
            LOG.info("registered with the coordinator at {} as {} {}; {}", join.coordinatorEndpoint(),
                    join.role().name().toLowerCase(java.util.Locale.ROOT), id, status);
            self[0] = new CoordinatorSession(rpc, join, first, id, status, rt, registeredAt);
            first.thenAccept(v -> self[0].view = v);
            return self[0];
        } finally {
            reply.release();
        }
    }

    /** Connects, retrying with {@code backoff} on the runtime's clock until the join timeout has passed. */
    static RpcClient connectWithRetry(NettyRuntime rt, JoinRequest join, Backoff backoff,
                                      NotificationListener listener) {
        NodeClock clock = rt.clock();
        long deadline = clock.nanoTime() + join.joinTimeout().toNanos();
        TransportOptions opts = join.transport();
        for (int attempt = 1; ; attempt++) {
            try {
                RpcClient c = RpcClient.connect(rt, join.coordinatorHost(), join.coordinatorPort(), opts, listener);
                c.setPeerName("coordinator");
                return c;
            } catch (ShoalException e) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    throw Errors.of(ErrorCode.UNREACHABLE, "could not reach the coordinator at "
                            + join.coordinatorEndpoint() + " within " + join.joinTimeout().toSeconds() + " s ("
                            + attempt + " attempts): " + e.getMessage(), e);
                }
                if (attempt == 1 || attempt % 5 == 0) {
                    LOG.warn("cannot reach the coordinator at {} (attempt {}): {}; retrying for another {} s",
                            join.coordinatorEndpoint(), attempt, e.getMessage(), TimeUnit.NANOSECONDS.toSeconds(left));
                }
                Duration wait = backoff.delay(attempt);
                try {
                    clock.sleep(wait.toNanos() < left ? wait : Duration.ofNanos(left));
                } catch (InterruptedException ie) {
                    throw new ShoalInterruptedException("interrupted while reaching the coordinator at "
                            + join.coordinatorEndpoint(), ie);
                }
            }
        }
    }

    private static ByteBuf register(RpcClient rpc, JoinRequest join) {
        ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.REGISTER, rpc.nextRequestId(), 0, 0,
                MembershipCodec.BODY_HINT);
        MembershipCodec.writeRegistration(f, new MembershipCodec.Registration(join.role(), advertisedHost(rpc, join),
                join.advertisePort()));
        try {
            return Futures.await(rpc.call(FrameHeader.finish(f)), "the coordinator to answer our registration");
        } catch (RuntimeException e) {
            rpc.close();
            throw e;
        }
    }

    /**
     * The address this node registers with: the one asked for, else the local address of its connection to the
     * coordinator (the interface the coordinator's network reaches; for a worker it just names it in the logs).
     */
    private static String advertisedHost(RpcClient rpc, JoinRequest join) {
        return join.advertiseHost().isEmpty() ? rpc.localHost() : join.advertiseHost();
    }

    private MembershipCodec.NodeRef self() {
        return new MembershipCodec.NodeRef(nodeId, join.role());
    }

    /** The address this node registered with. */
    public String advertisedHost() {
        return advertisedHost(rpc, join);
    }

    private void beat() {
        if (!rpc.isActive()) {
            return;
        }
        ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.HEARTBEAT, rpc.nextRequestId(), 0, 0,
                MembershipCodec.NODE_BODY_BYTES);
        MembershipCodec.writeNode(f, self());
        long sent = clock.nanoTime();
        rpc.call(FrameHeader.finish(f)).whenComplete((r, e) -> {
            if (r != null) {
                r.release();
                if (sent - lastAckedSendNanos > 0) {
                    lastAckedSendNanos = sent;
                }
                return;
            }
            ShoalException failure = Futures.unwrap(e);
            if (failure.code() == ErrorCode.STALE_EPOCH) {
                heartbeat.cancel(false);
                if (expelled.complete(failure.getMessage())) {
                    LOG.error("the coordinator declared this {} dead: {}", join.role().name().toLowerCase(
                            java.util.Locale.ROOT), failure.getMessage());
                }
            } else if (rpc.isActive()) {
                LOG.warn("heartbeat to the coordinator failed: {}", failure.getMessage());
            }
        });
    }

    /**
     * Waits for the first cluster view (every expected node joined), saying every few seconds what it waits for.
     */
    public ClusterView awaitView(Duration timeout) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return firstView.get(Math.min(5000, Math.max(1, (deadline - clock.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (clock.nanoTime() - deadline >= 0) {
                    throw Errors.of(ErrorCode.TIMEOUT, "the cluster did not complete within "
                            + timeout.toSeconds() + " s; the coordinator at " + join.coordinatorEndpoint()
                            + " last said: " + status);
                }
                if (!rpc.isActive()) {
                    throw Errors.of(ErrorCode.CONNECTION_CLOSED, "lost the coordinator at "
                            + join.coordinatorEndpoint() + " while waiting for the cluster to complete");
                }
                LOG.info("still waiting for the cluster to complete; at registration the coordinator said: {}", status);
            } catch (ExecutionException e) {
                throw Errors.of(ErrorCode.INTERNAL, "bad cluster view: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                throw new ShoalInterruptedException("interrupted while waiting for the cluster to complete", e);
            }
        }
    }

    public int nodeId() {
        return nodeId;
    }

    /** The latest view, or null before the cluster completed. */
    public ClusterView view() {
        return view;
    }

    /** The connection to the coordinator, for control requests such as CREATE_TABLE. */
    public RpcClient rpc() {
        return rpc;
    }

    /**
     * Tells the coordinator this node is done (so its exit is not reported as a death), then disconnects. Waits
     * at most a second for the coordinator's answer: a coordinator that is gone already must not delay exit.
     */
    @Override
    public void close() {
        leaving = true;
        heartbeat.cancel(false);
        if (rpc.isActive()) {
            ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.LEAVE, rpc.nextRequestId(), 0, 0,
                    MembershipCodec.NODE_BODY_BYTES);
            MembershipCodec.writeNode(f, self());
            try {
                Futures.await(rpc.call(FrameHeader.finish(f), LEAVE_TIMEOUT), "the coordinator to see us leave")
                        .release();
            } catch (ShoalException e) {
                LOG.debug("the coordinator did not acknowledge our leaving: {}", e.getMessage());
            } catch (ShoalInterruptedException e) {
                LOG.debug("interrupted while leaving; disconnecting at once");
            }
        }
        rpc.close();
    }

    /** The body of a frame as a buffer positioned at its first byte. */
    public static ByteBuf body(ByteBuf frame) {
        return frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame));
    }
}
