package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.server.consistency.ClockGate;
import dev.shoal.server.replica.ReplicaLinks;
import dev.shoal.server.table.ServerTable;
import dev.shoal.server.table.TablePartRegistry;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a server that rejoined a running job becomes a replica again, on both sides.
 *
 * <pre>{@code
 * coordinator ──CATCH_UP──▶ joining server ──SYNC(view epoch, its id)──▶ each server in service
 *                                          ◀──STATE: request ids, clocks, unit runs (over the link copies use)──
 *                                          ◀──SYNC answered once every STATE is acknowledged──
 *             ◀──answered── (then the coordinator puts it in service under a new layout epoch)
 * }</pre>
 *
 * <p>A joining server is in the view, so from then on every primary copies each push to it as to a backup. A primary
 * that answers SYNC has reached the joining server's view (so it already copies there), sends its request ids and
 * workers' clocks, then the state of every unit it is primary of and the joining server holds, each unit's runs
 * from under the unit's lock and over the same ordered link as the copies: the copies applied before a run are in
 * it and arrive before it (the run overwrites what they did to the fresh unit), those applied after arrive after
 * it. The request ids make a push resent later (whose copy was taken before the join) known here too. Units of
 * which no replica was in service are marked lost ({@link ServerTable#markLost}) rather than served fresh. A failed
 * catch-up is simply asked again: runs overwrite, ids and clocks merge.
 */
final class Rejoining {
    private static final Logger LOG = LoggerFactory.getLogger(Rejoining.class);
    private final TablePartRegistry tables;
    private final DedupWindow dedup;
    private final ClockGate gate;
    private final ReplicatedWrites replicated;

    Rejoining(TablePartRegistry tables, DedupWindow dedup, ClockGate gate, ReplicatedWrites replicated) {
        this.tables = tables;
        this.dedup = dedup;
        this.gate = gate;
        this.replicated = replicated;
    }

    /** CATCH_UP, on the joining server: SYNC with every server in service, answered once all have answered. */
    ByteBuf catchUp(Channel ch, ByteBuf frame) {
        ClusterView v = replicated.view();
        ReplicaLinks links = replicated.links();
        int self = replicated.serverId();
        if (v == null || links == null || !v.isJoining(self)) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "server " + self + " is not joining in its view ("
                    + v + ")");
        }
        tables.markLost(v);
        List<CompletableFuture<?>> synced = new ArrayList<>();
        for (int server : v.inService()) {
            ByteBuf sync = FrameHeader.allocate(NettyRuntime.allocator(), MessageType.SYNC, links.nextRequestId(), 0,
                    0, 8);
            sync.writeIntLE(v.epoch()).writeIntLE(self);
            synced.add(links.send(server, FrameHeader.finish(sync)).thenAccept(ByteBuf::release));
        }
        LOG.info("server {} catching up from servers {} (view {})", self, java.util.Arrays.toString(v.inService()),
                v.epoch());
        return answerWhenDone(ch, frame, Futures.all(synced.toArray(CompletableFuture[]::new), synced.size()),
                () -> LOG.info("server {} caught up", self));
    }

    /**
     * SYNC, on a server in service: sends the joining server (off the network thread: units are copied under their
     * locks) its request ids, clocks and units, and answers once it has acknowledged them all.
     */
    ByteBuf sync(Channel ch, ByteBuf frame) {
        int body = FrameHeader.bodyIndex(frame);
        if (FrameHeader.bodyLength(frame) != 8) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "SYNC carries i32 view epoch, i32 server id");
        }
        int epoch = frame.getIntLE(body);
        int joiner = frame.getIntLE(body + 4);
        ClusterView v = replicated.view();
        ReplicaLinks links = replicated.links();
        if (v == null || links == null || v.epoch() < epoch || !v.isJoining(joiner)) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "server " + replicated.serverId() + " has not seen "
                    + "view " + epoch + " with server " + joiner + " joining yet; ask again");
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        links.execute(() -> {
            try {
                send(links, v, joiner).whenComplete((ok, e) -> {
                    if (e == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
        return answerWhenDone(ch, frame, sent, () -> { });
    }

    private CompletableFuture<Void> send(ReplicaLinks links, ClusterView v, int joiner) {
        ByteBufAllocator alloc = NettyRuntime.allocator();
        List<CompletableFuture<ByteBuf>> acks = new ArrayList<>();
        int[][] clocks = gate.knownClocks();
        acks.add(links.send(joiner, StateFrames.encodeClocks(alloc, links.nextRequestId(), clocks[0], clocks[1])));
        int self = replicated.serverId();
        int[] idCount = new int[1];
        for (ServerTable t : tables.parts()) {
            t.exportTo(self, joiner, v, alloc, links::nextRequestId, () -> {
                long[] applied = dedup.snapshot();
                idCount[0] = applied.length;
                return StateFrames.encodeRequestIds(alloc, links.nextRequestId(), applied, applied.length);
            }, f -> acks.add(links.send(joiner, f)));
        }
        LOG.info("server {} sent server {} {} clocks, its units and the {} request ids applied to them in {} frames",
                self, joiner, clocks[0].length, idCount[0], acks.size());
        CompletableFuture<?>[] all = acks.stream().map(f -> f.thenAccept(ByteBuf::release))
                .toArray(CompletableFuture[]::new);
        return Futures.all(all, all.length);
    }

    /** STATE, on the joining server: request ids, clocks or a run of a unit from its primary. */
    ByteBuf applyState(Channel ch, ByteBuf frame) {
        ClusterView v = replicated.view();
        if (v == null || !v.isJoining(replicated.serverId())) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "server " + replicated.serverId() + " is not "
                    + "joining: it takes no STATE");
        }
        if (FrameHeader.bodyLength(frame) < 1) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "STATE without a kind");
        }
        int body = FrameHeader.bodyIndex(frame);
        switch (StateFrames.kind(frame)) {
            case StateFrames.KIND_REQUEST_IDS -> {
                requireBody(frame, 5L + 8L * countAt(frame, body));
                int n = frame.getIntLE(body + 1);
                requireBody(frame, 5L + 8L * n);
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = frame.getLongLE(body + 5 + 8 * i);
                }
                dedup.addAll(ids, n);
            }
            case StateFrames.KIND_CLOCKS -> {
                requireBody(frame, 5L + 8L * countAt(frame, body));
                int n = frame.getIntLE(body + 1);
                requireBody(frame, 5L + 8L * n);
                for (int i = 0; i < n; i++) {
                    gate.onClock(frame.getIntLE(body + 5 + 8 * i), frame.getIntLE(body + 9 + 8 * i));
                }
            }
            case StateFrames.KIND_DENSE_RUN, StateFrames.KIND_SPARSE_ROWS, RoundFrames.KIND_ROUNDS ->
                    tables.get(FrameHeader.tableId(frame)).importState(frame);
            default -> throw new ShoalException(ErrorCode.MALFORMED_FRAME, "STATE of unknown kind "
                    + StateFrames.kind(frame));
        }
        return FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, 0, 0));
    }

    /** The i32 count after the kind byte, or -1 when the body is too short to hold one. */
    private static long countAt(ByteBuf frame, int body) {
        return FrameHeader.bodyLength(frame) < 5 ? -1 : frame.getIntLE(body + 1);
    }

    private static void requireBody(ByteBuf frame, long bytes) {
        if (FrameHeader.bodyLength(frame) != bytes) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "STATE body of " + FrameHeader.bodyLength(frame)
                    + " bytes; its count says " + bytes);
        }
    }

    /**
     * Answers {@code request} with an empty response once {@code done} completes (running {@code onSuccess} first),
     * or refuses it UNAVAILABLE, saying why: a catch-up that failed is simply asked again.
     */
    private ByteBuf answerWhenDone(Channel ch, ByteBuf request, CompletableFuture<?> done, Runnable onSuccess) {
        CompletableFuture<Void> said = done.handle((ok, failure) -> {
            if (failure == null) {
                onSuccess.run();
                return null;
            }
            ShoalException e = Futures.unwrap(failure);
            LOG.warn("{} failed: {}", FrameHeader.describe(request), e.getMessage());
            throw new ShoalException(ErrorCode.UNAVAILABLE, e.getMessage());
        });
        return replicated.answerWhen(ch, request, said,
                FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), request, 0, 0)));
    }
}
