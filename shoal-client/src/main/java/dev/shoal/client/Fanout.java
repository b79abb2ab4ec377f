package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.error.UnavailableException;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The pieces of one logical request (a push cut at slice boundaries, a sparse pull cut by server, a clock to every
 * server), each sent to the server answering for it as soon as it is encoded, and joined into one future. Dense and
 * sparse tables and the clock all send through it, and so all survive a server's death the same way.
 *
 * <pre>{@code
 * Fanout out = new Fanout(client, pieces);
 * for (...) {
 *     out.send(v -> v.primaryOf(d, slice), frame);                           // reply released
 *     out.send(v -> v.primaryOf(d, slice), frame, r -> copyOut(r, dst));     // reply read (and released)
 * }
 * return out.joined();                         // completes when every piece has, fails with the first failure
 * }</pre>
 *
 * <p>A piece keeps its frame until it is answered. When the answer is a retriable failure (the connection closed,
 * a deadline passed, NOT_OWNER, UNAVAILABLE, STALE_EPOCH: the server died, hung or lost its primary role), the
 * piece waits for a view with a newer layout epoch (or a short backoff, in case the server is still there), asks
 * its route again which server answers for it now, and sends the same frame, with the same request id, there.
 * Servers apply a request id once, and a primary acknowledges a push only once its backups hold it, so a resent
 * push is applied exactly once wherever it lands. A piece gives up, failing the request with the last error,
 * {@link ClientConfig#failoverTimeout()} after its first failure. A route returning {@link #SKIP} (a clock to a
 * server out of service) completes the piece without sending it; {@link #skipped()} counts those that had been sent
 * and failed first (their server left before answering): a clock is fully answered only when none was, while a
 * server already out of service when the clock was sent is not waited for (its units' new primaries answer for
 * them). Allocation is per piece (a future, a callback), never per element.
 */
final class Fanout {
    /** What a route returns for a piece that no server needs any more. */
    static final int SKIP = -2;
    private final ShoalClient client;
    private final CompletableFuture<?>[] parts;
    /** Pieces sent, then completed by {@link #SKIP} without an answer (their server left service meanwhile). */
    private final AtomicInteger skipped = new AtomicInteger();
    private int sent;

    /** A request of exactly {@code pieces} pieces. */
    Fanout(ShoalClient client, int pieces) {
        this.client = client;
        this.parts = new CompletableFuture<?>[pieces];
    }

    /** Sends a piece whose answer carries nothing the caller needs (push, clock); returns the piece's future. */
    CompletableFuture<Void> send(ToIntFunction<ClusterView> route, ByteBuf frame) {
        return send(route, frame, ByteBuf::release);
    }

    /**
     * Sends a piece whose answer {@code onReply} reads; the callback owns the reply and releases it. Returns the
     * piece's own future (done when it is answered, skipped or given up), which {@link #joined()} joins.
     */
    CompletableFuture<Void> send(ToIntFunction<ClusterView> route, ByteBuf frame, Consumer<ByteBuf> onReply) {
        Piece p = new Piece(client, route, frame, onReply, skipped);
        parts[sent++] = p;
        p.attempt();
        return p;
    }

    /** How many pieces were sent, failed, then completed by {@link #SKIP} unanswered; final once joined. */
    int skipped() {
        return skipped.get();
    }

    /** The whole request: done when every piece sent so far is, failed with the first failure. */
    CompletableFuture<Void> joined() {
        return Futures.all(parts, sent);
    }

    /** One frame on its way to whichever server answers for it. */
    private static final class Piece extends CompletableFuture<Void> {
        private final ShoalClient client;
        private final ToIntFunction<ClusterView> route;
        private final ByteBuf frame;
        private final Consumer<ByteBuf> onReply;
        private final AtomicInteger skipped;
        private long firstFailureNanos;
        private int failures;

        Piece(ShoalClient client, ToIntFunction<ClusterView> route, ByteBuf frame, Consumer<ByteBuf> onReply,
              AtomicInteger skipped) {
            this.client = client;
            this.route = route;
            this.frame = frame;
            this.onReply = onReply;
            this.skipped = skipped;
        }

        /** Sends the frame to the server answering for it under the latest view. */
        void attempt() {
            ClusterView v = client.view();
            int server = route.applyAsInt(v);
            if (server == SKIP) {
                frame.release();
                if (failures > 0) {
                    skipped.incrementAndGet();
                }
                complete(null);
                return;
            }
            if (server < 0) {
                failed(v, new UnavailableException("no server in service holds what " + FrameHeader.describe(frame)
                        + " addresses (layout epoch " + v.layoutEpoch() + ")"));
                return;
            }
            RpcClient c;
            try {
                c = client.connection(server);
            } catch (ShoalException e) {
                failed(v, e);
                return;
            }
            c.call(frame.retainedDuplicate()).whenComplete((reply, failure) -> {
                if (failure != null) {
                    failed(v, Futures.unwrap(failure));
                    return;
                }
                frame.release();
                if (failures > 0) {
                    client.resent(v.layoutEpoch(), System.nanoTime() - firstFailureNanos, failures);
                }
                try {
                    onReply.accept(reply);
                    complete(null);
                } catch (RuntimeException e) {
                    completeExceptionally(e);
                }
            });
        }

        /**
         * Tries again once a newer layout is out (or after a backoff), unless the failure is final or the piece has
         * been failing for longer than the fail-over timeout.
         */
        private void failed(ClusterView used, ShoalException e) {
            long now = System.nanoTime();
            if (failures++ == 0) {
                firstFailureNanos = now;
            }
            if (!e.retriable() || now - firstFailureNanos > client.config().failoverTimeout().toNanos()) {
                frame.release();
                completeExceptionally(e);
                return;
            }
            client.retryAfterNewerLayout(used.layoutEpoch(), failures, this::attempt);
        }
    }
}
