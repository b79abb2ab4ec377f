package dev.shoal.server.replica;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.error.UnavailableException;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.NotificationListener;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary's connections to the other servers, over which it sends each backup a copy of what it applied
 * (REPLICATE: the layout epoch it acts under, then the worker's frame unchanged, so the backup deduplicates by the
 * worker's request id).
 *
 * <pre>{@code
 * ReplicaLinks links = new ReplicaLinks(runtime, options, serverId);
 * links.onView(view);                                     // drops links to servers out of service
 * links.copy(frame, t.backupsFor(frame), view).thenRun(() -> ack(worker));
 * }</pre>
 *
 * <p>A copy counts as held once the backup acknowledged it, or once the backup is out of service in the latest
 * view (a replica less to hold it, not a lost update): when the coordinator takes a hung backup out, the link to it
 * is closed, its copies in flight fail and the primary's acknowledgements go out. Any other failure fails the copy
 * with UNAVAILABLE, and the worker resends; the primary, which applied the push once already, recognizes its
 * request id and only copies it again. The frame is sent as it came (a composite of a 28-byte head and the
 * worker's frame, no copy of the values).
 */
public final class ReplicaLinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLinks.class);
    private final NettyRuntime runtime;
    private final TransportOptions options;
    private final int self;
    /**
     * Connecting blocks, which an event loop must never do. Its threads are Netty's, on which a request never waits
     * for a slot in a connection's window (see RpcClient), so a queue drained here cannot stall behind a copy.
     */
    private final ExecutorService connector = Executors.newCachedThreadPool(
            new DefaultThreadFactory("shoal-replica", true));
    private final Map<Integer, Link> links = new ConcurrentHashMap<>();
    private volatile ClusterView view;
    private volatile boolean closed;
    /** Request ids of the frames this server sends other servers (prefix 0: not a worker's). */
    private final AtomicLong ids = new AtomicLong();

    /**
     * A connection to one server, made once per address, that sends in call order: frames sent before it is
     * connected wait in a queue and leave first, in order. A primary sends a unit's copies (and a rejoining
     * server's state) while holding the unit's lock, so they reach the backup in the order they were applied.
     */
    private static final class Link {
        final NodeAddress address;
        final CompletableFuture<RpcClient> client;
        private List<Queued> queue = new ArrayList<>();

        private record Queued(ByteBuf frame, CompletableFuture<ByteBuf> reply) {
        }

        Link(NodeAddress address, CompletableFuture<RpcClient> client) {
            this.address = address;
            this.client = client;
            client.whenComplete((c, failure) -> drain(c, failure));
        }

        /** Sends {@code frame} (ownership passes) after everything sent before it. */
        synchronized CompletableFuture<ByteBuf> send(ByteBuf frame) {
            if (queue == null) {
                // Drained: connected, or failed to (then a send fails as a lost connection would, retriably).
                RpcClient c = client.isCompletedExceptionally() ? null : client.getNow(null);
                if (c == null) {
                    frame.release();
                    return CompletableFuture.failedFuture(new UnavailableException("no connection to "
                            + address.endpoint()));
                }
                return c.callInOrder(frame);
            }
            CompletableFuture<ByteBuf> reply = new CompletableFuture<>();
            queue.add(new Queued(frame, reply));
            return reply;
        }

        private synchronized void drain(RpcClient c, Throwable failure) {
            for (Queued q : queue) {
                if (c == null) {
                    q.frame().release();
                    q.reply().completeExceptionally(failure);
                } else {
                    c.callInOrder(q.frame()).whenComplete((r, e) -> {
                        if (e != null) {
                            q.reply().completeExceptionally(e);
                        } else if (!q.reply().complete(r)) {
                            r.release();
                        }
                    });
                }
            }
            queue = null;
        }

        boolean isDead() {
            return client.isCompletedExceptionally() || (client.isDone() && !client.join().isActive());
        }
    }

    public ReplicaLinks(NettyRuntime runtime, TransportOptions options, int self) {
        this.runtime = runtime;
        this.options = options;
        this.self = self;
    }

    /** A new view: links to servers out of service are closed, failing the copies in flight to them. */
    public void onView(ClusterView v) {
        view = v;
        for (var e : links.entrySet()) {
            int id = e.getKey();
            if (!v.isReplicating(id) || !v.servers().get(id).equals(e.getValue().address)) {
                if (links.remove(id, e.getValue())) {
                    closeLater(e.getValue());
                }
            }
        }
    }

    /**
     * Sends {@code frame} (still owned by the caller) to each of {@code backups} under {@code v}'s layout epoch;
     * completes when each has acknowledged it or is out of service.
     */
    public CompletableFuture<Void> copy(ByteBuf frame, int[] backups, ClusterView v) {
        if (backups.length == 1) {
            return copyTo(backups[0], frame, v.layoutEpoch());
        }
        CompletableFuture<?>[] acks = new CompletableFuture<?>[backups.length];
        for (int i = 0; i < backups.length; i++) {
            acks[i] = copyTo(backups[i], frame, v.layoutEpoch());
        }
        return Futures.all(acks, acks.length);
    }

    /**
     * Sends {@code frame} (still owned by the caller; a frame that carries its own layout epoch, as ROUND_CLOSE does)
     * to each of {@code backups}, in order with the copies sent there; completes as {@link #copy} does.
     */
    public CompletableFuture<Void> deliver(ByteBuf frame, int[] backups) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[backups.length];
        for (int i = 0; i < backups.length; i++) {
            acks[i] = deliverTo(backups[i], frame.retainedDuplicate());
        }
        return Futures.all(acks, acks.length);
    }

    private CompletableFuture<Void> copyTo(int backup, ByteBuf frame, int epoch) {
        return deliverTo(backup, encode(frame.retainedDuplicate(), epoch));
    }

    /** Sends {@code whole} (ownership passes) to {@code backup}: held once acknowledged or once it is out of service. */
    private CompletableFuture<Void> deliverTo(int backup, ByteBuf whole) {
        Link l;
        try {
            l = link(backup);
        } catch (ShoalException e) {
            whole.release();
            ClusterView now = view;
            // A backup that left (or never took) copies meanwhile is a replica less to hold it, not a failure.
            return now != null && !now.isReplicating(backup) ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(e);
        }
        return l.send(whole).handle((reply, failure) -> {
            if (failure == null) {
                reply.release();
                return null;
            }
            ClusterView now = view;
            if (now != null && !now.isReplicating(backup)) {
                return null;
            }
            ShoalException e = Futures.unwrap(failure);
            throw new UnavailableException("server " + self + " applied the push but could not copy it to its backup, "
                    + "server " + backup + ": " + e.getMessage() + "; send it again (it will not be applied twice)", e);
        });
    }

    /**
     * Sends server {@code server} a frame (ownership passes) in order with the copies sent there; fails with
     * UNAVAILABLE when the server is neither in service nor joining.
     */
    public CompletableFuture<ByteBuf> send(int server, ByteBuf frame) {
        Link l;
        try {
            l = link(server);
        } catch (ShoalException e) {
            frame.release();
            return CompletableFuture.failedFuture(e);
        }
        return l.send(frame);
    }

    /** Runs {@code task} on a thread of these links (one on which sending never blocks). */
    public void execute(Runnable task) {
        connector.execute(task);
    }

    /** A fresh request id for a frame sent over these links. */
    public long nextRequestId() {
        return ids.incrementAndGet();
    }

    private ByteBuf encode(ByteBuf inner, int epoch) {
        ByteBufAllocator alloc = NettyRuntime.allocator();
        ByteBuf head = FrameHeader.allocate(alloc, MessageType.REPLICATE, nextRequestId(),
                FrameHeader.tableId(inner), FrameHeader.clock(inner), Integer.BYTES);
        head.writeIntLE(epoch);
        CompositeByteBuf whole = alloc.compositeDirectBuffer(2);
        whole.addComponents(true, head, inner);
        return FrameHeader.finish(whole);
    }

    /** The link to {@code server}, connecting on first use (and again once closed) while it takes copies. */
    private Link link(int server) {
        ClusterView v = view;
        if (closed || v == null || !v.isReplicating(server)) {
            throw new UnavailableException("server " + server + " is neither in service nor joining");
        }
        NodeAddress address = v.servers().get(server);
        return links.compute(server, (id, old) -> {
            if (old != null && old.address.equals(address) && !old.isDead()) {
                return old;
            }
            if (old != null) {
                closeLater(old);
            }
            CompletableFuture<RpcClient> f = CompletableFuture.supplyAsync(() -> {
                RpcClient c = RpcClient.connect(runtime, address.host(), address.port(), options,
                        NotificationListener.NONE);
                c.setPeerName("server " + id);
                LOG.info("server {} linked to server {} at {}", self, id, address.endpoint());
                return c;
            }, connector);
            return new Link(address, f);
        });
    }

    private void closeLater(Link l) {
        l.client.thenAcceptAsync(RpcClient::close, connector);
    }

    @Override
    public void close() {
        closed = true;
        for (Link l : links.values()) {
            l.client.thenAccept(RpcClient::close);
        }
        links.clear();
        connector.shutdown();
    }
}
