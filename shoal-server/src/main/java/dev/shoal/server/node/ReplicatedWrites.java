package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.replica.ReplicaLinks;
import dev.shoal.server.table.ServerTable;
import dev.shoal.server.table.TablePartRegistry;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication side of a server's request handling: as a primary, the lease check and the copies of a push to
 * the unit's backups before it is acknowledged; as a backup, the copies other primaries send (REPLICATE).
 *
 * <pre>{@code
 * replicated.requireLease(table);                            // UNAVAILABLE while the lease has lapsed
 * ReplicatedWrites.Copies copies = replicated.copiesOf(table, frame);
 * table.push(frame, worker, clock, copies);                   // copies sent under the unit's lock
 * return replicated.afterCopies(ch, frame, copies, reply);   // the reply now, or ANSWERED_LATER
 * }</pre>
 *
 * <p>See docs/ARCHITECTURE.md, "Replicated ranges and fail-over", for why no acknowledged push is lost or applied
 * twice.
 */
final class ReplicatedWrites {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedWrites.class);
    /** What a handler returns for a request answered later (once its copies are held). */
    static final ByteBuf ANSWERED_LATER = Unpooled.EMPTY_BUFFER;

    /** How a refused request is answered: the handler's one way of answering errors. */
    interface Refusal {
        void refuse(Channel ch, ByteBuf frame, ShoalException e);
    }

    private final TablePartRegistry tables;
    private final DedupWindow dedup;
    private final ServerMetrics metrics;
    private final Refusal refuse;
    private volatile int serverId = -1;
    private volatile ClusterView view;
    private volatile ReplicaLinks links;
    private volatile BooleanSupplier lease = () -> true;
    /** Set while the lease is lapsed and that was said once; cleared when it holds again. */
    private final AtomicBoolean leaseLapseLogged = new AtomicBoolean();

    ReplicatedWrites(TablePartRegistry tables, DedupWindow dedup, ServerMetrics metrics, Refusal refuse) {
        this.tables = tables;
        this.dedup = dedup;
        this.metrics = metrics;
        this.refuse = refuse;
    }

    void setServerId(int id) {
        this.serverId = id;
    }

    void replicateWith(ReplicaLinks l, BooleanSupplier held) {
        this.links = l;
        this.lease = held;
    }

    void onView(ClusterView v) {
        view = v;
        ReplicaLinks l = links;
        if (l != null) {
            l.onView(v);
        }
    }

    /**
     * Refuses (UNAVAILABLE) a request for a table of several replicas while this server's lease has lapsed, saying
     * so once per lapse; a table of one replica has no one to fail over to and is served regardless.
     */
    void requireLease(ServerTable t) {
        if (t.descriptor().replicas() > 1 && !lease.getAsBoolean()) {
            if (leaseLapseLogged.compareAndSet(false, true)) {
                LOG.warn("server {}: no heartbeat acknowledged by the coordinator for most of the heartbeat timeout; "
                        + "refusing reads and writes of replicated tables until one is (it may have been replaced)",
                        serverId);
            }
            throw new ShoalException(ErrorCode.UNAVAILABLE, "server " + serverId + " has had no heartbeat "
                    + "acknowledged by the coordinator for most of the heartbeat timeout: it may have been replaced, "
                    + "so it serves " + t.descriptor().spec() + " again only once the coordinator answers; try again");
        }
        if (leaseLapseLogged.get()) {
            leaseLapseLogged.set(false);
        }
    }

    /**
     * The copies of one push to its unit's backups (in service or joining), sent once: from under the unit's lock
     * when the push is applied there ({@link ServerTable#push(ByteBuf, int, int, Runnable)}), so that they leave in
     * the order the primary applied them; else (a push seen before) by {@link #afterCopies}. The backups are read
     * at that moment, not before: a server that started joining while the push waited for the lock gets its copy.
     */
    final class Copies implements Runnable {
        private final ServerTable table;
        private final ByteBuf frame;
        private CompletableFuture<Void> sent;

        Copies(ServerTable table, ByteBuf frame) {
            this.table = table;
            this.frame = frame;
        }

        @Override
        public void run() {
            if (sent == null) {
                int[] backups = table.backupsFor(frame);
                ClusterView v = view;
                sent = backups.length == 0 ? CompletableFuture.completedFuture(null) : links.copy(frame, backups, v);
            }
        }
    }

    /** The copies of {@code frame}, a push to {@code t}; null for a table of one replica. */
    Copies copiesOf(ServerTable t, ByteBuf frame) {
        return t.descriptor().replicas() <= 1 || links == null ? null : new Copies(t, frame);
    }

    /**
     * The reply to a push (or push-pull) now when it needs no copy; else answers once every backup holds the values
     * (sending the copies if the push did not), or refuses with UNAVAILABLE (the worker resends; nothing is
     * applied twice).
     */
    ByteBuf afterCopies(Channel ch, ByteBuf frame, Copies copies, ByteBuf reply) {
        if (copies == null) {
            return reply;
        }
        copies.run();
        return answerWhen(ch, frame, copies.sent, reply);
    }

    /**
     * Answers {@code request} (kept until then) with {@code reply} once {@code done} completes, or refuses it with
     * {@code done}'s failure; returns {@link #ANSWERED_LATER}. The one way a server answers a request later.
     */
    ByteBuf answerWhen(Channel ch, ByteBuf request, CompletableFuture<?> done, ByteBuf reply) {
        request.retain();
        done.whenComplete((ok, failure) -> {
            try {
                if (failure == null) {
                    ch.writeAndFlush(reply, ch.voidPromise());
                } else {
                    reply.release();
                    refuse.refuse(ch, request, Futures.unwrap(failure));
                }
            } finally {
                request.release();
            }
        });
        return ANSWERED_LATER;
    }

    ClusterView view() {
        return view;
    }

    /** Answers {@code frame} with {@code e} (the handler's one way of answering errors). */
    void refuse(Channel ch, ByteBuf frame, ShoalException e) {
        refuse.refuse(ch, frame, e);
    }

    ReplicaLinks links() {
        return links;
    }

    int serverId() {
        return serverId;
    }

    /**
     * A copy a primary sent of what it applied: refused under an older layout epoch than ours (the sender has lost
     * its primary role and must not have anything acknowledged), applied once per the worker's request id.
     */
    ByteBuf applyCopy(Channel ch, ByteBuf frame) {
        int body = FrameHeader.bodyIndex(frame);
        int length = FrameHeader.bodyLength(frame) - Integer.BYTES;
        if (length < FrameHeader.SIZE || frame.getIntLE(body + Integer.BYTES) != length - FrameHeader.LENGTH_FIELD_SIZE) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "REPLICATE must carry a layout epoch and one whole "
                    + "frame; got " + FrameHeader.bodyLength(frame) + " bytes of body");
        }
        int epoch = frame.getIntLE(body);
        ClusterView v = view;
        if (v == null || epoch < v.layoutEpoch()) {
            throw new ShoalException(ErrorCode.STALE_EPOCH, "server " + serverId + " is at layout epoch "
                    + (v == null ? "none yet" : v.layoutEpoch()) + " and takes no copy sent under epoch " + epoch);
        }
        ByteBuf inner = frame.slice(body + Integer.BYTES, length);
        MessageType type = MessageType.ofId(FrameHeader.typeId(inner));
        if (type == null || !type.isPush()) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "REPLICATE carries a " + type + " frame; only pushes "
                    + "are copied");
        }
        ServerTable t = tables.get(FrameHeader.tableId(inner));
        long id = FrameHeader.requestId(inner);
        if (dedup.firstTime(id)) {
            try {
                t.applyReplica(inner, () -> dedup.commit(id));
            } catch (RuntimeException e) {
                dedup.forget(id);
                throw e;
            }
            metrics.pushed(FrameHeader.bodyLength(inner));
        }
        return FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, 0, 0));
    }
}
