package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.server.consistency.ClockGate;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.metrics.ServerStats;
import dev.shoal.server.replica.ReplicaLinks;
import dev.shoal.server.table.RoundServices;
import dev.shoal.server.table.ServerTable;
import dev.shoal.server.table.TablePartRegistry;
import dev.shoal.transport.rpc.ReadGate;
import dev.shoal.transport.rpc.RequestHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles every request a server receives: table installs from the coordinator, pushes, pulls and clocks from
 * workers, and copies (REPLICATE) from the primaries of the units it backs up. A request the consistency gate holds
 * parks its connection's queue (reading stops once 16 MiB queue behind it) until the gate moves; requests of one
 * connection are handled in order, except a push resent for a BSP round the gate has passed.
 *
 * <pre>{@code
 * ServerHandler h = new ServerHandler(metrics);
 * h.replicateWith(new ReplicaLinks(runtime, options, serverId), session::leaseHeld);
 * RpcServer.bind(runtime, host, port, options, h);
 * h.onView(view);
 * }</pre>
 *
 * <p>The worker behind a request is read from its request id: {@code (workerId + 1) << 40 | sequence}.
 *
 * <p>On a table of several replicas, a push is applied here (once per request id), then copied to the unit's
 * backups in service, and acknowledged when they all hold it; a retried push this server applied already is copied
 * again, not applied again. Writes and reads are refused (UNAVAILABLE, retriable) while this server's lease has
 * lapsed (no heartbeat acknowledged by the coordinator for most of the heartbeat timeout): by then it may have been
 * declared dead and replaced, and it must not apply anything under its old layout.
 */
public final class ServerHandler implements RequestHandler, ClockGate.RoundListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
    private final TablePartRegistry tables = new TablePartRegistry(new RoundServices(
            (d, owner, round, scale, ids, backups, sums) -> replicated().copyRound(d, owner, round, scale, ids,
                    backups, sums),
            this::roundCommitted, id -> dedup().forget(id), id -> dedup().contains(id),
            ids -> dedup().addAll(ids, ids.length)));
    private final ClockGate gate = new ClockGate(this);
    private final DedupWindow dedup = new DedupWindow(1 << 18);
    private final Set<Channel> parked = ConcurrentHashMap.newKeySet();
    private final ServerMetrics metrics;
    private volatile int serverId = -1;
    private final ReplicatedWrites replicated;
    private final Rejoining rejoining;
    private final ClockAnswers clockAnswers = new ClockAnswers(tables::committedFloor);

    /** A handler whose metrics stay in memory. */
    public ServerHandler() {
        this(ServerMetrics.inMemory());
    }

    public ServerHandler(ServerMetrics metrics) {
        this.metrics = metrics;
        this.replicated = new ReplicatedWrites(tables, dedup, metrics, this::refuse);
        this.rejoining = new Rejoining(tables, dedup, gate, replicated);
        metrics.watch(parked::size, this::minClockFigure, tables::bytes);
    }

    /**
     * The slowest live worker's clock as a gauge: once every worker has left, the last clock they had all
     * reached (not {@link Integer#MAX_VALUE}); NaN, which Prometheus shows as absent, before the first view.
     */
    private double minClockFigure() {
        Integer min = lastLiveMin();
        return min == null ? Double.NaN : min;
    }

    /** The last clock every live worker had reached, null before the first view. */
    private Integer lastLiveMin() {
        int min = gate.lastLiveMin();
        return min == Integer.MIN_VALUE ? null : min;
    }

    /** This server's figures now: what {@code GET /stats} answers. */
    public ServerStats stats() {
        List<ServerStats.TableBytes> held = new ArrayList<>();
        for (ServerTable t : tables.parts()) {
            held.add(new ServerStats.TableBytes(t.descriptor().id(), t.descriptor().spec().name(), t.bytes()));
        }
        held.sort(Comparator.comparingInt(ServerStats.TableBytes::id));
        return metrics.stats(serverId, lastLiveMin(), parked.size(), held);
    }

    public void setServerId(int id) {
        this.serverId = id;
        replicated.setServerId(id);
    }

    /**
     * Copies pushes to tables of several replicas over {@code links}, and refuses them while {@code lease} is false.
     * Without it (a handler in a test) such a table's backups are never written.
     */
    public void replicateWith(ReplicaLinks links, BooleanSupplier lease) {
        replicated.replicateWith(links, lease);
    }

    /** A new cluster view: the live workers, the servers in service and so the primaries may have changed. */
    public void onView(ClusterView v) {
        tables.onView(v);
        replicated.onView(v);
        gate.onView(v.liveWorkers());
        // A worker gone is no longer waited for, and a chain taken over may close rounds: not only when min moves.
        // Once no worker is live (min is MAX_VALUE) there is no round left to close.
        int min = gate.min();
        if (min != Integer.MAX_VALUE) {
            tables.gateMoved(min, gate.live());
        }
        roundCommitted();
    }

    private ReplicatedWrites replicated() {
        return replicated;
    }

    private DedupWindow dedup() {
        return dedup;
    }

    /**
     * A BSP round was committed somewhere here (or a view changed which chains this server is primary of): CLOCK
     * answers waiting for it go out, and parked requests are tried again.
     */
    private void roundCommitted() {
        clockAnswers.check();
        gateMoved();
    }

    /** Worker id encoded in a request id, or -1 for nodes that are not workers. */
    static int workerOf(long requestId) {
        return (int) (requestId >>> 40) - 1;
    }

    @Override
    public void onRequest(Channel ch, ByteBuf frame) {
        ChannelQueue q = ChannelQueue.of(ch);
        if (!q.isEmpty()) {
            // A push resent for a BSP round the gate has passed is what the parked requests may be waiting for (a
            // pull waits for that round to be applied, and the round for this push): it does not queue behind them.
            if (!(resentForPassedRound(frame) && handle(ch, frame))) {
                q.add(frame);
                holdReadsIfFull(ch, q);
            }
            return;
        }
        if (!handle(ch, frame)) {
            q.add(frame);
            park(ch);
        }
    }

    /** A push to a BSP table for a round every live worker has clocked past: a resend after a fail-over. */
    private boolean resentForPassedRound(ByteBuf frame) {
        MessageType type = MessageType.ofId(FrameHeader.typeId(frame));
        if (type == null || !type.isPush() || FrameHeader.clock(frame) >= gate.min()) {
            return false;
        }
        ServerTable t = tables.find(FrameHeader.tableId(frame));
        return t != null && t.descriptor().consistency().aggregates();
    }

    @Override
    public void onDisconnect(Channel ch) {
        parked.remove(ch);
        ChannelQueue.of(ch).clear();
    }

    /**
     * Stops reading a parked connection once its queue holds {@link #QUEUED_BYTES_BEFORE_HOLD}: until then it keeps
     * reading, so that a push its parked requests wait for (a resend after a fail-over) can still arrive, while a
     * worker running ahead cannot make the server buffer without bound.
     */
    private static void holdReadsIfFull(Channel ch, ChannelQueue q) {
        if (!q.readsHeld && q.bytes() > QUEUED_BYTES_BEFORE_HOLD) {
            q.readsHeld = true;
            ReadGate.hold(ch);
        }
    }

    private static final long QUEUED_BYTES_BEFORE_HOLD = 16 << 20;

    private void park(Channel ch) {
        holdReadsIfFull(ch, ChannelQueue.of(ch));
        parked.add(ch);
        // The gate may have moved between our check and parked.add: try once more so no wakeup is lost.
        ch.eventLoop().execute(() -> drain(ch));
    }

    /** Handles queued requests of {@code ch} until one must wait again. Runs on the channel's event loop. */
    private void drain(Channel ch) {
        ChannelQueue q = ChannelQueue.of(ch);
        while (!q.isEmpty()) {
            if (!handle(ch, q.peek())) {
                // The gate may have passed the round of a resent push queued behind: it goes first (see onRequest).
                q.handleOutOfOrder(f -> resentForPassedRound(f) && handle(ch, f));
                return;
            }
            q.poll();
        }
        parked.remove(ch);
        if (q.readsHeld) {
            q.readsHeld = false;
            ReadGate.release(ch);
        }
    }

    @Override
    public void roundsCompleted(int from, int to, BitSet live) {
        tables.gateMoved(to, live);
    }

    @Override
    public void gateMoved() {
        for (Channel ch : parked) {
            ch.eventLoop().execute(() -> drain(ch));
        }
    }

    /**
     * Handles one request and releases it; returns false, keeping the frame, when the gate says it must wait.
     */
    private boolean handle(Channel ch, ByteBuf frame) {
        try {
            MessageType type = MessageType.ofId(FrameHeader.typeId(frame));
            long start = System.nanoTime();
            ByteBuf reply = switch (type) {
                case PUSH_DENSE, PUSH_SPARSE -> push(ch, frame);
                case PULL_DENSE, PULL_SPARSE, PUSH_PULL_DENSE, PUSH_PULL_SPARSE -> pull(ch, frame);
                case CLOCK -> clock(ch, frame);
                case INSTALL_TABLE -> install(ch, frame);
                case REPLICATE -> replicated.applyCopy(ch, frame);
                case ROUND_CLOSE -> replicated.applyRoundClose(ch, frame);
                case CATCH_UP -> rejoining.catchUp(ch, frame);
                case SYNC -> rejoining.sync(ch, frame);
                case STATE -> rejoining.applyState(ch, frame);
                case ECHO -> echo(ch, frame);
                default -> throw new ShoalException(ErrorCode.UNKNOWN_TYPE, type + " is not a server request");
            };
            if (reply == null) {
                return false;
            }
            if (reply == ReplicatedWrites.ANSWERED_LATER) {
                frame.release();
                return true;
            }
            int replyBytes = reply.readableBytes();
            ch.writeAndFlush(reply, ch.voidPromise());
            metrics.served(type, FrameHeader.tableId(frame), frame.readableBytes(), replyBytes,
                    System.nanoTime() - start);
        } catch (ShoalException e) {
            refuse(ch, frame, e);
        } catch (RuntimeException e) {
            LOG.error("request {} from {} failed", FrameHeader.describe(frame), ch.remoteAddress(), e);
            refuse(ch, frame, new ShoalException(ErrorCode.INTERNAL, "server error: " + e));
        }
        frame.release();
        return true;
    }

    void refuse(Channel ch, ByteBuf frame, ShoalException e) {
        metrics.refused(e.code());
        MessageType type = MessageType.ofId(FrameHeader.typeId(frame));
        ByteBuf err = ErrorFrames.answer(ch.alloc(), frame, e.code(), e.getMessage());
        if (type != null) {
            metrics.answered(type, FrameHeader.tableId(frame), frame.readableBytes(), err.readableBytes());
        }
        if (e.code().fatalToConnection) {
            LOG.warn("closing connection with {}: {}: {}", ch.remoteAddress(), e.code(), e.getMessage());
            ch.writeAndFlush(err).addListener(ChannelFutureListener.CLOSE);
        } else {
            LOG.debug("refused {} from {}: {}", FrameHeader.describe(frame), ch.remoteAddress(), e.getMessage());
            ch.writeAndFlush(err, ch.voidPromise());
        }
    }

    private ByteBuf push(Channel ch, ByteBuf frame) {
        ServerTable t = tables.get(FrameHeader.tableId(frame));
        Consistency rule = t.descriptor().consistency();
        int clock = FrameHeader.clock(frame);
        if (rule.aggregates() && (!gate.mayAccumulate(clock) || !t.acceptsRound(frame, clock))) {
            return null;
        }
        replicated.requireLease(t);
        ReplicatedWrites.Copies copies = replicated.copiesOf(t, frame);
        applyPush(t, frame, clock, copies);
        ByteBuf reply = FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, clock, 0));
        return replicated.afterCopies(ch, frame, copies, reply);
    }

    /**
     * Applies a push once per request id; under the lock of what it updates, sends its copies (when not null) and
     * commits its id, so that a rejoining replica's snapshot has either both the values and the id or neither. A
     * push seen before is not applied again, but this server must still be the primary of what it carries: it is
     * acknowledged only once its copies are held again.
     */
    private void applyPush(ServerTable t, ByteBuf frame, int clock, Runnable copies) {
        long id = FrameHeader.requestId(frame);
        if (t.descriptor().consistency().aggregates()) {
            // A BSP chain keeps the ids of its open rounds itself and hands them to the window when it closes one.
            t.push(frame, workerOf(id), clock, null);
            metrics.pushed(FrameHeader.bodyLength(frame));
            return;
        }
        if (!dedup.firstTime(id)) {
            t.requirePrimary(frame);
            if (copies != null) {
                t.runLocked(frame, copies);
            }
            return;
        }
        try {
            t.push(frame, workerOf(id), clock, () -> {
                if (copies != null) {
                    copies.run();
                }
                dedup.commit(id);
            });
        } catch (RuntimeException e) {
            dedup.forget(id);
            throw e;
        }
        metrics.pushed(FrameHeader.bodyLength(frame));
    }

    private ByteBuf pull(Channel ch, ByteBuf frame) {
        ServerTable t = tables.get(FrameHeader.tableId(frame));
        Consistency rule = t.descriptor().consistency();
        int clock = FrameHeader.clock(frame);
        if (!gate.mayPull(rule, clock) || (rule.aggregates() && !t.appliedBefore(frame, clock))) {
            return null;
        }
        replicated.requireLease(t);
        int type = FrameHeader.typeId(frame);
        boolean pushes = type == MessageType.PUSH_PULL_DENSE.id || type == MessageType.PUSH_PULL_SPARSE.id;
        ReplicatedWrites.Copies copies = pushes ? replicated.copiesOf(t, frame) : null;
        if (pushes) {
            applyPush(t, frame, clock, copies);
        }
        int min = gate.min();
        ByteBuf reply = t.pull(ch.alloc(), frame, min);
        metrics.pulled(FrameHeader.bodyLength(reply), clock, min);
        return replicated.afterCopies(ch, frame, copies, reply);
    }

    /**
     * A worker finished a clock: records the pushes it announces for replicated BSP chains, then moves the gate.
     * Answered, with this server's layout epoch, once the rounds up to two clocks back are held by every replica of
     * the chains this server is primary of (the worker then forgets its pushes of those rounds).
     */
    private ByteBuf clock(Channel ch, ByteBuf frame) {
        int worker = workerOf(FrameHeader.requestId(frame));
        if (worker < 0) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "CLOCK without a worker id in its request id");
        }
        String bad = RoundFrames.checkClock(frame);
        if (bad != null) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, bad);
        }
        int next = FrameHeader.clock(frame);
        for (int i = 0; i < RoundFrames.clockEntries(frame); i++) {
            ServerTable t = tables.find(RoundFrames.clockTable(frame, i));
            if (t != null) {
                t.announce(RoundFrames.clockOwner(frame, i), worker, next - 1, RoundFrames.clockPushes(frame, i));
            }
        }
        gate.onClock(worker, next);
        // The layout it was recorded under: the worker trusts "rounds two back are held" only when every server
        // answered under one layout no older than its own (a server still at an older one may not know yet that it
        // is now primary of units whose rounds are not all held).
        ClusterView v = replicated.view();
        ByteBuf reply = FrameHeader.allocateResponse(ch.alloc(), frame, next, Integer.BYTES);
        reply.writeIntLE(v == null ? 0 : v.layoutEpoch());
        FrameHeader.finish(reply);
        CompletableFuture<Void> held = clockAnswers.when(next - 1);
        return held.isDone() ? reply : replicated.answerWhen(ch, frame, held, reply);
    }

    private static ByteBuf echo(Channel ch, ByteBuf frame) {
        int n = FrameHeader.bodyLength(frame);
        ByteBuf reply = FrameHeader.allocateResponse(ch.alloc(), frame, FrameHeader.clock(frame), n);
        reply.writeBytes(frame, FrameHeader.bodyIndex(frame), n);
        return FrameHeader.finish(reply);
    }

    private ByteBuf install(Channel ch, ByteBuf frame) {
        if (serverId < 0) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "this server has not finished registering");
        }
        ByteBuf body = frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame));
        TableDescriptor d;
        try {
            d = ControlCodec.readDescriptor(body);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ShoalException(ErrorCode.MALFORMED_FRAME, "INSTALL_TABLE body: " + e.getMessage());
        }
        ServerTable t = tables.install(d, serverId);
        metrics.tableInstalled(d.id(), d.spec().name());
        LOG.info("server {} holds {} ({} bytes here)", serverId, d, t.bytes());
        return FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), frame, 0, 0));
    }
}
