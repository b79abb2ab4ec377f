package dev.shoal.server.node;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Requests of one connection that wait behind a request the consistency gate holds. Requests of a connection are
 * handled in order, so a worker's pushes always precede its clock. Touched only on the channel's event loop.
 */
final class ChannelQueue {
    private static final AttributeKey<ChannelQueue> KEY = AttributeKey.valueOf("shoal.queue");
    private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();
    private long bytes;
    /** Whether this queue holds the connection's reads ({@code ReadGate}): set and cleared by the handler. */
    boolean readsHeld;

    static ChannelQueue of(Channel ch) {
        ChannelQueue q = ch.attr(KEY).get();
        if (q == null) {
            q = new ChannelQueue();
            ch.attr(KEY).set(q);
        }
        return q;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    void add(ByteBuf frame) {
        frames.addLast(frame);
        bytes += frame.readableBytes();
    }

    /** Bytes of the frames queued. */
    long bytes() {
        return bytes;
    }

    ByteBuf peek() {
        return frames.peekFirst();
    }

    void poll() {
        ByteBuf f = frames.pollFirst();
        if (f != null) {
            bytes -= f.readableBytes();
        }
    }

    /**
     * Handles, out of order, the queued frames behind the head that {@code jump} accepts and handles (returning
     * true): those it handled leave the queue; the others keep their place.
     */
    void handleOutOfOrder(Predicate<ByteBuf> jump) {
        if (frames.size() > 1) {
            ByteBuf head = frames.pollFirst();
            frames.removeIf(f -> {
                int n = f.readableBytes();
                boolean handled = jump.test(f);
                if (handled) {
                    bytes -= n;
                }
                return handled;
            });
            frames.addFirst(head);
        }
    }

    /** Releases every queued frame (the connection closed). */
    void clear() {
        for (ByteBuf f; (f = frames.pollFirst()) != null; ) {
            f.release();
        }
        bytes = 0;
    }
}
