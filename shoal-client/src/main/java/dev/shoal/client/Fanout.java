package dev.shoal.client;

import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The pieces of one logical request (a push cut at slice boundaries, a sparse pull cut by server, a clock to every
 * server), each sent to its server as soon as it is encoded, and joined into one future. Dense and sparse tables
 * and the clock all send through it.
 *
 * <pre>{@code
 * Fanout out = new Fanout(pieces);
 * for (...) {
 *     out.send(server, frame);                          // reply released
 *     out.send(server, frame, r -> copyOut(r, dst));    // reply read (and released) by the callback
 * }
 * return out.joined();                                  // completes when every piece has, fails with the first
 * }</pre>
 *
 * <p>Each {@link RpcClient#call} waits for a slot in its server's window of requests in flight and carries its
 * deadline, so a piece to a slow or gone server fails with TIMEOUT rather than hanging the request. Allocation is
 * per piece (a future, a callback), never per element.
 */
final class Fanout {
    private final CompletableFuture<?>[] parts;
    private int sent;

    /** A request of exactly {@code pieces} pieces. */
    Fanout(int pieces) {
        this.parts = new CompletableFuture<?>[pieces];
    }

    /** Sends a piece whose answer carries nothing the caller needs (push, clock). */
    void send(RpcClient server, ByteBuf frame) {
        parts[sent++] = server.call(frame).thenAccept(ByteBuf::release);
    }

    /** Sends a piece whose answer {@code onReply} reads; the callback owns the reply and releases it. */
    void send(RpcClient server, ByteBuf frame, Consumer<ByteBuf> onReply) {
        parts[sent++] = server.call(frame).thenAccept(onReply);
    }

    /** The whole request: done when every piece sent so far is, failed with the first failure. */
    CompletableFuture<Void> joined() {
        return Futures.all(parts, sent);
    }
}
