package dev.shoal.transport.cluster;

import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
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
 */
public final class CoordinatorSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSession.class);
    private final RpcClient rpc;
    private final JoinRequest join;
    private final CompletableFuture<ClusterView> firstView;
    private final int nodeId;
    private final String status;
    private final ScheduledFuture<?> heartbeat;
    private volatile ClusterView view;

    private CoordinatorSession(RpcClient rpc, JoinRequest join, CompletableFuture<ClusterView> firstView, int nodeId,
                               String status, NettyRuntime rt) {
        this.rpc = rpc;
        this.join = join;
        this.firstView = firstView;
        this.nodeId = nodeId;
        this.status = status;
        long every = join.heartbeat().toMillis();
        this.heartbeat = rt.group().next().scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Reaches the coordinator and registers; {@code onView} sees every view, on a network thread. */
    public static CoordinatorSession join(NettyRuntime rt, JoinRequest join, Consumer<ClusterView> onView) {
        CompletableFuture<ClusterView> first = new CompletableFuture<>();
        CoordinatorSession[] self = new CoordinatorSession[1];
        RpcClient rpc = connectWithRetry(rt, join, frame -> {
            if (FrameHeader.typeId(frame) == MessageType.CLUSTER_VIEW.id) {
                ClusterView v = ControlCodec.readView(body(frame));
                if (self[0] != null) {
                    self[0].view = v;
                }
                first.complete(v);
                onView.accept(v);
            }
        });
        ByteBuf reply = register(rpc, join);
        try {
            ByteBuf body = body(reply);
            int id = body.readIntLE();
            String status = Strings.read(body);
            LOG.info("registered with the coordinator at {} as {} {}; {}", join.coordinatorEndpoint(),
                    join.role().name().toLowerCase(java.util.Locale.ROOT), id, status);
            self[0] = new CoordinatorSession(rpc, join, first, id, status, rt);
            first.thenAccept(v -> self[0].view = v);
            return self[0];
        } finally {
            reply.release();
        }
    }

    private static RpcClient connectWithRetry(NettyRuntime rt, JoinRequest join,
                                              dev.shoal.transport.rpc.NotificationListener listener) {
        long deadline = System.nanoTime() + join.joinTimeout().toNanos();
        TransportOptions opts = join.transport();
        for (int attempt = 1; ; attempt++) {
            try {
                return RpcClient.connect(rt, join.coordinatorHost(), join.coordinatorPort(), opts, listener);
            } catch (ShoalException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ShoalException(ErrorCode.UNREACHABLE, "could not reach the coordinator at "
                            + join.coordinatorEndpoint() + " within " + join.joinTimeout().toSeconds() + " s ("
                            + attempt + " attempts): " + e.getMessage(), e);
                }
                if (attempt == 1 || attempt % 5 == 0) {
                    LOG.warn("cannot reach the coordinator at {} (attempt {}): {}; retrying for another {} s",
                            join.coordinatorEndpoint(), attempt, e.getMessage(), TimeUnit.NANOSECONDS.toSeconds(left));
                }
                sleepQuietly(Math.min(1000, 100L * attempt));
            }
        }
    }

    private static ByteBuf register(RpcClient rpc, JoinRequest join) {
        ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.REGISTER, rpc.nextRequestId(), 0, 0, 64);
        f.writeByte(join.role().id);
        Strings.write(f, advertisedHost(rpc, join));
        f.writeIntLE(join.advertisePort());
        try {
            return rpc.call(FrameHeader.finish(f)).get(join.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            rpc.close();
            throw e.getCause() instanceof ShoalException s ? s
                    : new ShoalException(ErrorCode.INTERNAL, "registration failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            rpc.close();
            throw new ShoalException(ErrorCode.TIMEOUT, "the coordinator at " + join.coordinatorEndpoint()
                    + " did not answer our registration within " + join.joinTimeout().toSeconds() + " s");
        }
    }

    /**
     * The address this node registers with: the one asked for, else the local address of its connection to the
     * coordinator (the interface the coordinator's network reaches; for a worker it just names it in the logs).
     */
    private static String advertisedHost(RpcClient rpc, JoinRequest join) {
        return join.advertiseHost().isEmpty() ? rpc.localHost() : join.advertiseHost();
    }

    /** The address this node registered with. */
    public String advertisedHost() {
        return advertisedHost(rpc, join);
    }

    private void beat() {
        if (!rpc.isActive()) {
            return;
        }
        ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.HEARTBEAT, rpc.nextRequestId(), 0, 0, 5);
        f.writeIntLE(nodeId).writeByte(join.role().id);
        rpc.call(FrameHeader.finish(f)).whenComplete((r, e) -> {
            if (r != null) {
                r.release();
            }
        });
    }

    /**
     * Waits for the first cluster view (every expected node joined), saying every few seconds what it waits for.
     */
    public ClusterView awaitView(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return firstView.get(Math.min(5000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    throw new ShoalException(ErrorCode.TIMEOUT, "the cluster did not complete within "
                            + timeout.toSeconds() + " s; the coordinator at " + join.coordinatorEndpoint()
                            + " last said: " + status);
                }
                if (!rpc.isActive()) {
                    throw new ShoalException(ErrorCode.CONNECTION_CLOSED, "lost the coordinator at "
                            + join.coordinatorEndpoint() + " while waiting for the cluster to complete");
                }
                LOG.info("still waiting for the cluster to complete; at registration the coordinator said: {}", status);
            } catch (ExecutionException e) {
                throw new ShoalException(ErrorCode.INTERNAL, "bad cluster view: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShoalException(ErrorCode.TIMEOUT, "interrupted while waiting for the cluster");
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
        heartbeat.cancel(false);
        if (rpc.isActive()) {
            ByteBuf f = FrameHeader.allocate(rpc.alloc(), MessageType.LEAVE, rpc.nextRequestId(), 0, 0, 5);
            f.writeIntLE(nodeId).writeByte(join.role().id);
            try {
                rpc.call(FrameHeader.finish(f)).get(1, TimeUnit.SECONDS).release();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("the coordinator did not acknowledge our leaving: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rpc.close();
    }

    /** The body of a frame as a buffer positioned at its first byte. */
    public static ByteBuf body(ByteBuf frame) {
        return frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.TIMEOUT, "interrupted while reaching the coordinator");
        }
    }
}
