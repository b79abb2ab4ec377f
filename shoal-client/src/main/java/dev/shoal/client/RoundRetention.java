package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's pushes to replicated BSP tables ({@link #applies}), counted per chain for the CLOCK that ends their
 * round and kept after they are answered until every replica holds their round.
 *
 * <pre>{@code
 * RoundRetention rounds = new RoundRetention(links::view, links::execute, client::resend);
 * // each push piece of a replicated BSP table, round = the clock in its header:
 * rounds.pushed(d.id(), d.owner(unit), round, frame, route, onReply).send(fanout, frame);
 * // clockAsync() to newClock: every CLOCK frame carries the counts of the round it ends
 * RoundRetention.Counts c = rounds.counts(newClock - 1);
 * ByteBuf clock = c.encode(alloc, requestId, newClock);
 * rounds.release(newClock - 2);      // once every server answered that clock (none skipped, none failed)
 * rounds.onLayout(view);             // a newer layout epoch: resends the answered pushes whose primary moved
 * rounds.close();
 * }</pre>
 *
 * <p>Why it exists: a BSP table of several replicas is replicated after aggregation. The primary of a chain (the
 * units of one owner in one table, which share their replicas) sums the workers' pushes of round r, answers each
 * push once it has summed it, and copies the round's aggregate to its backups only once the round closes. If it
 * dies before, the pushes it answered die with it, and the new primary collects the round again from the workers:
 * this class keeps every such push frame and, when a newer layout epoch routes it to another server than the one
 * it was last sent to, sends the same frame (same request id: servers dedupe) there. The counts in the CLOCK tell
 * a primary how many pushes of the round to expect from this worker, so that it knows when it has them all. A
 * server answers a CLOCK to n only once rounds up to n-2 of the chains it is primary of are held by every replica,
 * so a clock to n answered by every server releases the pushes of rounds up to n-2.
 *
 * <p>A push that the server refused (a non-retriable error: it summed nothing) is neither kept nor counted. Pushes
 * still unanswered are Fanout's to resend, except one answered by its old primary after the newer layout came out,
 * which is resent here. Memory: up to two rounds (n-1 and n) of this worker's push frames of replicated BSP tables,
 * as the pooled buffers already encoded, plus one small object per frame; more while clocks go not fully answered
 * (a server out of service is skipped), until one is. Nothing is allocated per element.
 */
final class RoundRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRetention.class);

    /** Sends a kept frame again through a Fanout piece: same frame, same request id, to where {@code route} says. */
    interface Resender {
        /** Takes ownership of {@code frame}; completes when it is answered, fails when the piece gives up. */
        CompletableFuture<Void> resend(ToIntFunction<ClusterView> route, ByteBuf frame);
    }

    private final Supplier<ClusterView> views;
    private final Executor executor;
    private final Resender resender;
    /** The pushes kept, in the order sent. Guarded by this. */
    private final ArrayDeque<Push> kept = new ArrayDeque<>();
    /** The newest layout epoch {@link #onLayout} has seen. Guarded by this. */
    private int layoutEpoch;
    /** The last layout epoch a late answer was logged at WARN for. Guarded by this. */
    private int lateWarnedEpoch;
    private boolean closed;

    /**
     * @param views    the latest view (a push answered by its old primary is resent when it is newer)
     * @param executor where resends start: never the network thread that delivered a view or an answer
     * @param resender sends a frame again through a Fanout piece
     */
    RoundRetention(Supplier<ClusterView> views, Executor executor, Resender resender) {
        this.views = views;
        this.executor = executor;
        this.resender = resender;
        this.layoutEpoch = views.get().layoutEpoch();
    }

    /** Whether pushes to {@code d} are counted and kept: a BSP table of more than one replica. */
    static boolean applies(TableDescriptor d) {
        return d.consistency().aggregates() && d.replicas() > 1;
    }

    /**
     * Counts and keeps a push piece about to be sent for the first time: of chain {@code (tableId, owner)}, of round
     * {@code round} (the clock in its header), routed by {@code route}, its answer read by {@code onReply}. Keeps a
     * duplicate of {@code frame} (retained); send the piece with {@link Push#send}.
     */
    Push pushed(int tableId, int owner, int round, ByteBuf frame, ToIntFunction<ClusterView> route,
                Consumer<ByteBuf> onReply) {
        Push p = new Push(tableId, owner, round, frame.retainedDuplicate(), route, onReply);
        synchronized (this) {
            if (!closed) {
                p.held = true;
                kept.add(p);
                return p;
            }
        }
        p.frame.release();
        return p;
    }

    /** The pushes kept of round {@code round}, per chain: what the CLOCK ending that round announces. */
    Counts counts(int round) {
        long[] chains;
        int m = 0;
        synchronized (this) {
            if (kept.isEmpty()) {
                return Counts.NONE;
            }
            chains = new long[kept.size()];
            for (Push p : kept) {
                if (p.round == round) {
                    chains[m++] = (long) p.tableId << 32 | (p.owner & 0xFFFF_FFFFL);
                }
            }
        }
        if (m == 0) {
            return Counts.NONE;
        }
        Arrays.sort(chains, 0, m);
        int[] tables = new int[m];
        int[] owners = new int[m];
        int[] pushes = new int[m];
        int n = 0;
        for (int i = 0; i < m; i++) {
            if (n > 0 && chains[i] == chains[i - 1]) {
                pushes[n - 1]++;
            } else {
                tables[n] = (int) (chains[i] >> 32);
                owners[n] = (int) chains[i];
                pushes[n++] = 1;
            }
        }
        return new Counts(tables, owners, pushes, n);
    }

    /** Forgets the pushes of rounds up to {@code round}: every replica holds them. */
    void release(int round) {
        synchronized (this) {
            kept.removeIf(p -> {
                if (p.round > round) {
                    return false;
                }
                forget(p);
                return true;
            });
        }
    }

    /**
     * A view from the coordinator: under a newer layout epoch, resends (on the executor) every push already answered
     * whose route now gives another server than the one it was last sent to.
     */
    void onLayout(ClusterView v) {
        List<Push> moved = new ArrayList<>();
        List<ByteBuf> frames = new ArrayList<>();
        synchronized (this) {
            if (closed || v.layoutEpoch() <= layoutEpoch) {
                return;
            }
            layoutEpoch = v.layoutEpoch();
            for (Push p : kept) {
                if (p.settled && p.route.applyAsInt(v) != p.lastServer) {
                    moved.add(p);
                    frames.add(p.frame.retainedDuplicate());
                }
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        LOG.warn("layout epoch {}: resending {} answered push(es) of replicated BSP rounds not yet held by every "
                + "replica to their new primaries", v.layoutEpoch(), moved.size());
        for (int i = 0; i < moved.size(); i++) {
            resend(moved.get(i), frames.get(i));
        }
    }

    /** How many push frames are kept now. */
    synchronized int keptCount() {
        return kept.size();
    }

    /** Releases every frame kept. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            kept.forEach(RoundRetention::forget);
            kept.clear();
        }
    }

    /** Under this: releases the frame of a push leaving {@link #kept}. */
    private static void forget(Push p) {
        p.held = false;
        p.frame.release();
    }

    /** The first send of {@code p} was answered; resends it if a newer layout moved it meanwhile. */
    private void answered(Push p) {
        p.settled = true;
        ClusterView v = views.get();
        if (v.layoutEpoch() <= p.lastEpoch || p.route.applyAsInt(v) == p.lastServer) {
            return;
        }
        ByteBuf frame;
        boolean warn;
        synchronized (this) {
            if (!p.held) {
                return;
            }
            frame = p.frame.retainedDuplicate();
            warn = lateWarnedEpoch < v.layoutEpoch();
            lateWarnedEpoch = Math.max(lateWarnedEpoch, v.layoutEpoch());
        }
        if (warn) {
            LOG.warn("layout epoch {}: a push of replicated BSP round {} was answered by server {}, no longer its "
                    + "primary; resending it (and any other answered late) to the new primary", v.layoutEpoch(),
                    p.round, p.lastServer);
        }
        resend(p, frame);
    }

    /** The first send of {@code p} failed for good. */
    private void failed(Push p, ShoalException e) {
        if (e.retriable()) {
            p.settled = true;   // gave up after the fail-over timeout: it may have been summed, so keep it
            return;
        }
        synchronized (this) {   // refused: nothing was summed, so nothing to count or resend
            if (p.held) {
                kept.remove(p);
                forget(p);
            }
        }
    }

    private void resend(Push p, ByteBuf frame) {
        try {
            executor.execute(() -> resender.resend(p, frame).whenComplete((x, failure) -> {
                if (failure != null) {
                    LOG.warn("a push of replicated BSP round {} of table {} (request id {}) could not be resent to "
                            + "its new primary: {}", p.round, p.tableId, p.requestId,
                            Futures.unwrap(failure).getMessage());
                }
            }));
        } catch (RejectedExecutionException e) {
            frame.release();   // closing
        }
    }

    /**
     * One push piece kept: Fanout's route for it (remembering which server it was last sent to) and its answer's
     * reader for its first send, and the observer of that send's end.
     */
    final class Push implements ToIntFunction<ClusterView>, Consumer<ByteBuf>, BiConsumer<Object, Throwable> {
        final int tableId;
        final int owner;
        final int round;
        /** This class's reference, released when the push leaves {@link #kept}. */
        private final ByteBuf frame;
        private final ToIntFunction<ClusterView> route;
        private final Consumer<ByteBuf> onReply;
        final long requestId;
        /** In {@link #kept}; guarded by the retention. */
        private boolean held;
        /** The first send is over (answered, or given up after a retriable failure). */
        private volatile boolean settled;
        private volatile int lastServer = -1;
        private volatile int lastEpoch;

        private Push(int tableId, int owner, int round, ByteBuf frame, ToIntFunction<ClusterView> route,
                     Consumer<ByteBuf> onReply) {
            this.tableId = tableId;
            this.owner = owner;
            this.round = round;
            this.requestId = FrameHeader.requestId(frame);
            this.frame = frame;
            this.route = route;
            this.onReply = onReply;
        }

        /** Sends the piece's frame through {@code out} for the first time. */
        void send(Fanout out, ByteBuf piece) {
            out.send(this, piece, this).whenComplete(this);
        }

        /** The server {@code v} routes the piece to, remembered as the one it was last sent to. */
        @Override
        public int applyAsInt(ClusterView v) {
            int s = route.applyAsInt(v);
            lastEpoch = v.layoutEpoch();
            lastServer = s;
            return s;
        }

        /** The answer to the first send (never a resend's). */
        @Override
        public void accept(ByteBuf reply) {
            answered(this);
            onReply.accept(reply);
        }

        /** The first send's piece is done. */
        @Override
        public void accept(Object ignored, Throwable failure) {
            if (failure != null && !settled) {
                failed(this, Futures.unwrap(failure));
            }
        }
    }

    /** What a CLOCK announces: {@code pushes[i]} pushes to chain {@code owners[i]} of table {@code tables[i]}. */
    record Counts(int[] tables, int[] owners, int[] pushes, int n) {
        static final Counts NONE = new Counts(new int[0], new int[0], new int[0], 0);

        /** A CLOCK to {@code clock} carrying these counts (an empty body when there are none); finished. */
        ByteBuf encode(ByteBufAllocator alloc, long requestId, int clock) {
            return RoundFrames.encodeClock(alloc, requestId, clock, tables, owners, pushes, n);
        }
    }
}
