package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.replica.ReplicaLinks;
import dev.shoal.server.table.ServerTable;
import dev.shoal.server.table.TablePartRegistry;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
    private final LayoutWaits layouts = new LayoutWaits();
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
        layouts.onView(v);
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

    /** The copies of {@code frame}, a push to {@code t}; null for a table of one replica or a BSP table. */
    Copies copiesOf(ServerTable t, ByteBuf frame) {
        // A BSP table copies its rounds once closed (replication after aggregation), not each push.
        return t.descriptor().replicas() <= 1 || t.descriptor().consistency().aggregates() || links == null ? null
                : new Copies(t, frame);
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
     * its primary role and must not have anything acknowledged), applied once per the worker's request id; for a BSP
     * table, the sum of a closed round, added to that round here until its ROUND_CLOSE.
     */
    ByteBuf applyCopy(Channel ch, ByteBuf frame) {
        int body = FrameHeader.bodyIndex(frame);
        int length = FrameHeader.bodyLength(frame) - Integer.BYTES;
        if (length < FrameHeader.SIZE || frame.getIntLE(body + Integer.BYTES) != length - FrameHeader.LENGTH_FIELD_SIZE) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "REPLICATE must carry a layout epoch and one whole "
                    + "frame; got " + FrameHeader.bodyLength(frame) + " bytes of body");
        }
        requireEpoch(frame.getIntLE(body), "copy");
        ByteBuf inner = frame.slice(body + Integer.BYTES, length);
        MessageType type = MessageType.ofId(FrameHeader.typeId(inner));
        if (type == null || !type.isPush()) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "REPLICATE carries a " + type + " frame; only pushes "
                    + "are copied");
        }
        ServerTable t = tables.get(FrameHeader.tableId(inner));
        if (t.descriptor().consistency().aggregates()) {
            t.applyRoundSum(inner, frame.getIntLE(body));
            return FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, 0, 0));
        }
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

    /** Refuses (STALE_EPOCH) what a primary sent under an older layout epoch than this server's. */
    private void requireEpoch(int epoch, String what) {
        ClusterView v = view;
        if (v == null) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "server " + serverId + " has no cluster view yet "
                    + "and takes no " + what);
        }
        if (epoch < v.layoutEpoch()) {
            throw new ShoalException(ErrorCode.STALE_EPOCH, "server " + serverId + " is at layout epoch "
                    + (v == null ? "none yet" : v.layoutEpoch()) + " and takes no " + what + " sent under epoch "
                    + epoch);
        }
    }

    /**
     * ROUND_CLOSE, on a backup: the primary closed a round of a BSP chain whose sum it copied before; applied once,
     * and its request ids remembered (a worker's push resent here after a fail-over is then known as applied).
     */
    ByteBuf applyRoundClose(Channel ch, ByteBuf frame) {
        String bad = RoundFrames.checkClose(frame);
        if (bad != null) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, bad);
        }
        requireEpoch(RoundFrames.closeEpoch(frame), "round");
        ServerTable t = tables.get(FrameHeader.tableId(frame));
        t.applyRoundClose(RoundFrames.closeOwner(frame), FrameHeader.clock(frame), RoundFrames.closeScale(frame));
        int n = RoundFrames.closeIds(frame);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = RoundFrames.closeId(frame, i);
        }
        dedup.addAll(ids, n);
        return FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, 0, 0));
    }

    /**
     * The primary's copy of a closed BSP round to the chain's backups (see {@link RoundCopier}): to each backup, the
     * sum's frames as REPLICATE, then ROUND_CLOSE. A backup counts as holding the round once it acknowledged it or
     * is out of service. One that did not take it (its link failed, or it had moved to a newer layout epoch than the
     * copy's) is sent the whole round again under the next layout, or after a second: it starts the round's sum
     * over when a copy comes under a newer epoch, and skips a round it applied already, so a second copy is harmless.
     */
    CompletableFuture<Void> copyRound(TableDescriptor d, int owner, int round, float scale, long[] ids, int[] backups,
                                      Consumer<Consumer<ByteBuf>> sums) {
        ReplicaLinks l = links;
        ClusterView v = view;
        if (l == null || v == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<ByteBuf> frames = new ArrayList<>();
        sums.accept(frames::add);
        RoundCopy copy = new RoundCopy(l, d, owner, round, scale, ids, frames);
        CompletableFuture<?>[] held = new CompletableFuture<?>[backups.length];
        for (int i = 0; i < backups.length; i++) {
            held[i] = copy.to(backups[i], v);
        }
        CompletableFuture<Void> all = Futures.all(held, held.length);
        all.whenComplete((ok, e) -> frames.forEach(ByteBuf::release));
        return all;
    }

    /** One closed round's frames, kept until every backup holds them. */
    private final class RoundCopy {
        private final ReplicaLinks l;
        private final TableDescriptor d;
        private final int owner;
        private final int round;
        private final float scale;
        private final long[] ids;
        private final List<ByteBuf> frames;

        RoundCopy(ReplicaLinks l, TableDescriptor d, int owner, int round, float scale, long[] ids,
                  List<ByteBuf> frames) {
            this.l = l;
            this.d = d;
            this.owner = owner;
            this.round = round;
            this.scale = scale;
            this.ids = ids;
            this.frames = frames;
        }

        /** Whether this server is still the chain's primary under {@code v}: else its round is not its to copy. */
        private boolean stillPrimary(ClusterView v) {
            for (int u = 0; u < d.units(); u++) {
                if (d.owner(u) == owner) {
                    return v.primaryOf(d, u) == serverId;
                }
            }
            return false;
        }

        CompletableFuture<Void> to(int backup, ClusterView v) {
            return to(backup, v, 0);
        }

        private CompletableFuture<Void> to(int backup, ClusterView v, int attempt) {
            if (!v.isReplicating(backup)) {
                return CompletableFuture.completedFuture(null);
            }
            int[] one = {backup};
            CompletableFuture<?>[] acks = new CompletableFuture<?>[frames.size() + 1];
            for (int f = 0; f < frames.size(); f++) {
                acks[f] = l.copy(frames.get(f), one, v);
            }
            ByteBuf close = RoundFrames.encodeClose(NettyRuntime.allocator(), l.nextRequestId(), d.id(), round,
                    v.layoutEpoch(), owner, scale, ids, ids.length);
            acks[frames.size()] = l.deliver(close, one);
            close.release();
            return Futures.all(acks, acks.length).exceptionallyCompose(e -> {
                ClusterView now = view;
                if (now != null && now.isJoining(backup) && beforeCatchUp(e)) {
                    // It has no view or no table yet, so it has not taken its state: the state it will take, from
                    // under this chain's monitor and after this round's close, holds the round.
                    return CompletableFuture.completedFuture(null);
                }
                LOG.info("server {}: backup {} did not take round {} of {} under layout epoch {} ({}); copying it "
                        + "again", serverId, backup, round, d.spec(), v.layoutEpoch(), Futures.unwrap(e).getMessage());
                Duration wait = Duration.ofMillis(Math.min(1000, 50L << Math.min(attempt, 5)));
                return layouts.after(v.layoutEpoch(), wait).thenCompose(next -> stillPrimary(next)
                        ? to(backup, next, attempt + 1) : CompletableFuture.failedFuture(Futures.unwrap(e)));
            });
        }
    }

    /** Whether a backup refused a copy because it has no view or not the table yet (a server just rejoining). */
    private static boolean beforeCatchUp(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShoalException se
                    && (se.code() == ErrorCode.UNKNOWN_TABLE || se.code() == ErrorCode.CLUSTER_NOT_READY)) {
                return true;
            }
        }
        return false;
    }
}
