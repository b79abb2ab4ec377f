package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.error.KeyOutOfRangeException;
import dev.shoal.protocol.error.ProtocolViolationException;
import dev.shoal.protocol.error.ShapeMismatchException;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A dense table as a worker sees it: push gradients, pull parameters, for the whole table or a range of it.
 *
 * <pre>{@code
 * DenseTable w = client.dense(TableSpec.dense("w", 1000, 100));
 * float[] values = new float[(int) w.size()];
 * w.pull(values);                               // blocking
 * w.pushAsync(grad).join();                     // asynchronous
 * w.pull(5000, values, 0, 100);                 // elements [5000, 5100)
 * }</pre>
 *
 * <p>A request is cut at slice boundaries and each piece goes to the slice's primary (the first of its replicas in
 * service; a piece whose server dies or hangs is resent to the next, see {@link Fanout}); pieces are
 * encoded and put on the wire one after another, so a large tensor is in flight while the rest is encoded.
 * Values cross as little-endian floats copied in bulk, never boxed. Gradients holding NaN or Inf are refused
 * before anything is sent (unless the table allows them), or by the server for a push that fits one request, so a
 * refused push applies nothing anywhere.
 */
public final class DenseTable {
    private final ShoalClient client;
    private final TableDescriptor d;
    /** What a blocking call waits for, named in the exception if the wait is interrupted. */
    private final String awaited;
    private final int maxFloatsPerFrame;
    private final ClientMetrics.TableMeters meters;
    /** Pushes are counted and kept until every replica holds their round (see {@link RoundRetention}). */
    private final boolean keepsRounds;
    private volatile int observedMinClock;

    DenseTable(ShoalClient client, TableDescriptor d) {
        this.client = client;
        this.d = d;
        this.keepsRounds = RoundRetention.applies(d);
        this.maxFloatsPerFrame = (client.config().transport().maxBodyBytes() - DenseFrames.REQUEST_PREFIX) / 4;
        this.awaited = "the servers of table '" + d.name() + "'";
        this.meters = client.metrics().table(d);
    }

    public TableDescriptor descriptor() {
        return d;
    }

    public String name() {
        return d.name();
    }

    /** Number of floats in the table. */
    public long size() {
        return d.size();
    }

    /**
     * The smallest clock of the live workers reported by the servers that answered the most recent pull: under
     * SSP, {@code client.currentClock() - observedMinClock() <= staleness} holds for every pull.
     */
    public int observedMinClock() {
        return observedMinClock;
    }

    public void push(float[] grad) {
        Futures.await(pushAsync(grad), awaited);
    }

    public CompletableFuture<Void> pushAsync(float[] grad) {
        requireWhole("push", grad.length);
        return pushAsync(0, grad, 0, grad.length);
    }

    public void push(long offset, float[] src, int srcOff, int count) {
        Futures.await(pushAsync(offset, src, srcOff, count), awaited);
    }

    /** Pushes {@code src[srcOff, srcOff+count)} as the gradient of elements {@code [offset, offset+count)}. */
    public CompletableFuture<Void> pushAsync(long offset, float[] src, int srcOff, int count) {
        checkRange("push", offset, src.length, srcOff, count);
        return send(MessageType.PUSH_DENSE, offset, src, srcOff, null, 0, count);
    }

    public void pull(float[] dst) {
        Futures.await(pullAsync(dst), awaited);
    }

    public CompletableFuture<Void> pullAsync(float[] dst) {
        requireWhole("pull", dst.length);
        return pullAsync(0, dst, 0, dst.length);
    }

    public void pull(long offset, float[] dst, int dstOff, int count) {
        Futures.await(pullAsync(offset, dst, dstOff, count), awaited);
    }

    /** Pulls elements {@code [offset, offset+count)} into {@code dst[dstOff, dstOff+count)}. */
    public CompletableFuture<Void> pullAsync(long offset, float[] dst, int dstOff, int count) {
        checkRange("pull", offset, dst.length, dstOff, count);
        return send(MessageType.PULL_DENSE, offset, null, 0, dst, dstOff, count);
    }

    public void pushPull(float[] grad, float[] dst) {
        Futures.await(pushPullAsync(grad, dst), awaited);
    }

    /** Pushes {@code grad} and pulls the values after it in one round trip per slice. */
    public CompletableFuture<Void> pushPullAsync(float[] grad, float[] dst) {
        requireWhole("push", grad.length);
        requireWhole("pull", dst.length);
        return send(MessageType.PUSH_PULL_DENSE, 0, grad, 0, dst, 0, grad.length);
    }

    public void pushPull(long offset, float[] src, int srcOff, float[] dst, int dstOff, int count) {
        Futures.await(pushPullAsync(offset, src, srcOff, dst, dstOff, count), awaited);
    }

    /**
     * Pushes {@code src[srcOff, srcOff+count)} as the gradient of elements {@code [offset, offset+count)} and pulls
     * their values after it into {@code dst[dstOff, dstOff+count)}, in one round trip per slice.
     */
    public CompletableFuture<Void> pushPullAsync(long offset, float[] src, int srcOff, float[] dst, int dstOff,
                                                 int count) {
        checkRange("push", offset, src.length, srcOff, count);
        checkRange("pull", offset, dst.length, dstOff, count);
        return send(MessageType.PUSH_PULL_DENSE, offset, src, srcOff, dst, dstOff, count);
    }

    private CompletableFuture<Void> send(MessageType type, long offset, float[] src, int srcOff, float[] dst,
                                         int dstOff, int count) {
        long start = System.nanoTime();
        int clock = client.currentClock();
        int pieces = pieceCount(offset, count);
        if (src != null && pieces > 1) {
            // Pieces leave as they are encoded, so a NaN in a late piece must be found before the first leaves.
            // A push of one piece is left to the server, which refuses it whole: one pass less over the values.
            Gradients.requireFinite(d.spec(), src, srcOff, count);
        }
        Fanout out = new Fanout(client, pieces);
        ByteBufAllocator alloc = NettyRuntime.allocator();
        long end = offset + count;
        for (long pos = offset; pos < end; ) {
            int slice = d.sliceOf(pos);
            long pieceEnd = Math.min(Math.min(d.sliceStart(slice) + d.sliceSize(slice), end), pos + maxFloatsPerFrame);
            int len = (int) (pieceEnd - pos);
            int rel = (int) (pos - offset);
            long id = client.nextRequestId();
            ByteBuf frame = src != null
                    ? DenseFrames.encodePush(alloc, type, id, d.id(), clock, pos, src, srcOff + rel, len)
                    : DenseFrames.encodePull(alloc, id, d.id(), clock, pos, len);
            ToIntFunction<ClusterView> route = v -> v.primaryOf(d, slice);
            Consumer<ByteBuf> onReply = dst == null ? ByteBuf::release : r -> copyOut(r, dst, dstOff + rel, len);
            if (src != null && keepsRounds) {
                client.rounds().pushed(d.id(), d.owner(slice), clock, frame, route, onReply).send(out, frame);
            } else {
                out.send(route, frame, onReply);
            }
            pos = pieceEnd;
        }
        return meters.time(type, start, count, out.joined());
    }

    private void copyOut(ByteBuf reply, float[] dst, int at, int len) {
        try {
            int got = DenseFrames.responseCount(reply);
            if (got != len) {
                throw new ProtocolViolationException(ErrorCode.MALFORMED_FRAME, "server sent " + got + " values of "
                        + d.spec() + " for a request of " + len);
            }
            Floats.read(reply, DenseFrames.responseValuesIndex(reply), dst, at, len);
            observedMinClock = DenseFrames.responseMinClock(reply);
        } finally {
            reply.release();
        }
    }

    private int pieceCount(long offset, int count) {
        int n = 0;
        long end = offset + count;
        for (long pos = offset; pos < end; n++) {
            int slice = d.sliceOf(pos);
            pos = Math.min(Math.min(d.sliceStart(slice) + d.sliceSize(slice), end), pos + maxFloatsPerFrame);
        }
        return n;
    }

    private void requireWhole(String what, int length) {
        if (length != d.size()) {
            throw new ShapeMismatchException(what + " of " + d.spec() + ": expected " + d.size()
                    + " values (shape " + d.spec().shapeText() + "), got " + length);
        }
    }

    private void checkRange(String what, long offset, int arrayLength, int arrayOff, int count) {
        if (count < 0 || arrayOff < 0 || arrayOff + (long) count > arrayLength) {
            throw new ShapeMismatchException(what + " of " + d.spec() + ": " + count + " values at "
                    + arrayOff + " do not fit an array of " + arrayLength);
        }
        if (offset < 0 || offset + count > d.size()) {
            throw new KeyOutOfRangeException(what + " of elements [" + offset + ", "
                    + (offset + count) + ") is outside " + d.spec() + " of " + d.size() + " elements");
        }
    }
}
