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
import io.netty.buffer.CompositeByteBuf;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    /** Connecting blocks, which an event loop must never do. */
    private final ExecutorService connector = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("shoal-replica-connect-", 0).factory());
    private final Map<Integer, Link> links = new ConcurrentHashMap<>();
    private volatile ClusterView view;
    private volatile boolean closed;

    /** A connection to one server, made once per address. */
    private record Link(NodeAddress address, CompletableFuture<RpcClient> client) {
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
            if (!v.isInService(id) || !v.servers().get(id).equals(e.getValue().address())) {
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

    private CompletableFuture<Void> copyTo(int backup, ByteBuf frame, int epoch) {
        ByteBuf inner = frame.retainedDuplicate();
        CompletableFuture<RpcClient> link;
        try {
            link = link(backup);
        } catch (RuntimeException e) {
            inner.release();
            throw e;
        }
        return link.handle((c, failure) -> {
            if (failure != null) {
                inner.release();
                throw Futures.unwrap(failure);
            }
            return c;
        }).thenCompose(c -> c.call(encode(c, inner, epoch))).handle((reply, failure) -> {
            if (failure == null) {
                reply.release();
                return null;
            }
            ClusterView now = view;
            if (now != null && !now.isInService(backup)) {
                return null;
            }
            ShoalException e = Futures.unwrap(failure);
            throw new UnavailableException("server " + self + " applied the push but could not copy it to its backup, "
                    + "server " + backup + ": " + e.getMessage() + "; send it again (it will not be applied twice)", e);
        });
    }

    private static ByteBuf encode(RpcClient c, ByteBuf inner, int epoch) {
        ByteBuf head = FrameHeader.allocate(c.alloc(), MessageType.REPLICATE, c.nextRequestId(),
                FrameHeader.tableId(inner), FrameHeader.clock(inner), Integer.BYTES);
        head.writeIntLE(epoch);
        CompositeByteBuf whole = c.alloc().compositeDirectBuffer(2);
        whole.addComponents(true, head, inner);
        return FrameHeader.finish(whole);
    }

    /** The connection to {@code server}, made on first use (and again once closed) while it is in service. */
    private CompletableFuture<RpcClient> link(int server) {
        ClusterView v = view;
        if (closed || v == null || !v.isInService(server)) {
            return CompletableFuture.failedFuture(new UnavailableException("server " + server
                    + " is not in service"));
        }
        NodeAddress address = v.servers().get(server);
        Link l = links.compute(server, (id, old) -> {
            if (old != null && old.address().equals(address) && !isDead(old)) {
                return old;
            }
            if (old != null) {
                closeLater(old);
            }
            CompletableFuture<RpcClient> f = CompletableFuture.supplyAsync(() -> {
                RpcClient c = RpcClient.connect(runtime, address.host(), address.port(), options,
                        NotificationListener.NONE);
                c.setPeerName("server " + id);
                LOG.info("server {} copies to server {} at {}", self, id, address.endpoint());
                return c;
            }, connector);
            return new Link(address, f);
        });
        return l.client();
    }

    private static boolean isDead(Link l) {
        CompletableFuture<RpcClient> f = l.client();
        return f.isCompletedExceptionally() || (f.isDone() && !f.join().isActive());
    }

    private void closeLater(Link l) {
        l.client().thenAcceptAsync(RpcClient::close, connector);
    }

    @Override
    public void close() {
        closed = true;
        for (Link l : links.values()) {
            l.client().thenAccept(RpcClient::close);
        }
        links.clear();
        connector.shutdown();
    }
}
