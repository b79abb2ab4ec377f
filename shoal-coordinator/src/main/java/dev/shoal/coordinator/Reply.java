package dev.shoal.coordinator;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer owed to one request. It keeps the request frame until the answer is written, because several
 * answers are sent later from other threads (after a server connect or a table install) and the response header
 * copies the request's; answering releases the frame. Only the first answer counts.
 */
final class Reply {
    private static final Logger LOG = LoggerFactory.getLogger(Reply.class);
    private final Channel channel;
    private final ByteBuf request;
    private final MessageType type;
    private final String peer;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final CoordinatorMetrics metrics;
    /** Counts an accepted request before its answer leaves, so a node never sees a count lag its own answer. */
    private volatile Runnable onSuccess;

    Reply(Channel channel, ByteBuf request, CoordinatorMetrics metrics) {
        this.channel = channel;
        this.request = request;
        this.metrics = metrics;
        this.type = MessageType.ofId(FrameHeader.typeId(request));
        this.peer = String.valueOf(channel.remoteAddress());
    }

    Channel channel() {
        return channel;
    }

    MessageType type() {
        return type;
    }

    String peer() {
        return peer;
    }

    /** The request body as a fresh view, so that decoders may advance its reader index. */
    ByteBuf body() {
        return request.slice(FrameHeader.bodyIndex(request), FrameHeader.bodyLength(request));
    }

    /** Runs {@code counter} just before a successful answer is sent (not when the request is refused). */
    void onSuccess(Runnable counter) {
        this.onSuccess = counter;
    }

    /** A successful response whose body {@code writer} appends. */
    void ok(int sizeHint, Consumer<ByteBuf> writer) {
        if (!claim()) {
            return;
        }
        ByteBuf frame = FrameHeader.allocateResponse(channel.alloc(), request, 0, sizeHint);
        try {
            writer.accept(frame);
            FrameHeader.finish(frame);
        } catch (RuntimeException e) {
            frame.release();
            LOG.error("cannot encode the answer to {} from {}", type, peer, e);
            frame = ErrorFrames.answer(channel.alloc(), request, ErrorCode.INTERNAL, "coordinator failed: " + e);
            metrics.refused(ErrorCode.INTERNAL);
            send(frame);
            return;
        }
        Runnable counter = onSuccess;
        if (counter != null) {
            counter.run();
        }
        send(frame);
    }

    void empty() {
        ok(0, b -> { });
    }

    /** Answers with the body of the request itself (ECHO). */
    void echo() {
        ok(FrameHeader.bodyLength(request),
                b -> b.writeBytes(request, FrameHeader.bodyIndex(request), FrameHeader.bodyLength(request)));
    }

    void error(ErrorCode code, String message) {
        if (claim()) {
            metrics.refused(code);
            send(ErrorFrames.answer(channel.alloc(), request, code, message));
        }
    }

    /** Answers with the error a failed future carries. */
    void fail(Throwable failure) {
        ShoalException e = Futures.unwrap(failure);
        error(e.code(), e.getMessage());
    }

    /**
     * Answers MALFORMED_FRAME and closes the connection: a peer that sends bodies we can't parse has a bug, and
     * whatever it sends next is suspect too.
     */
    void malformed(String reason) {
        if (!claim()) {
            return;
        }
        LOG.warn("closing connection with {}: malformed {} body: {}", peer, type, reason);
        metrics.refused(ErrorCode.MALFORMED_FRAME);
        channel.config().setAutoRead(false);
        ByteBuf frame = ErrorFrames.answer(channel.alloc(), request, ErrorCode.MALFORMED_FRAME,
                "malformed " + type + " body: " + reason);
        request.release();
        channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean claim() {
        if (answered.compareAndSet(false, true)) {
            return true;
        }
        LOG.debug("{} from {} was already answered", type, peer);
        return false;
    }

    private void send(ByteBuf frame) {
        request.release();
        // A peer that hung up meanwhile makes the write fail, which releases the frame; nothing else to do.
        channel.writeAndFlush(frame);
    }
}
