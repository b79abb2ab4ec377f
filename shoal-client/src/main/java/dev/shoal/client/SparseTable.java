package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.error.ProtocolViolationException;
import dev.shoal.protocol.error.ShapeMismatchException;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.rpc.Futures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * A sparse table as a worker sees it: rows of {@code dim} floats addressed by {@code long} keys, created on first
 * touch with the table's initializer.
 *
 * <pre>{@code
 * SparseTable emb = client.sparse(TableSpec.sparse("emb", 8).optimizer(OptimizerSpec.adagrad(0.05f)));
 * long[] keys = {17, 4_000_000_000L, 99};
 * float[] rows = new float[keys.length * 8];
 * emb.pull(keys, rows);                 // row i is rows[i*8, i*8+8)
 * emb.push(keys, grads);                // grads laid out the same way
 * }</pre>
 *
 * <p>Keys are grouped by the server owning their partition (see {@code KeyPartitioner}); each group is sent as
 * one or more frames of at most {@link SparseFrames#MAX_KEYS_PER_FRAME} keys, all in parallel.
 */
public final class SparseTable {
    private final ShoalClient client;
    private final TableDescriptor d;
    /** What a blocking call waits for, named in the exception if the wait is interrupted. */
    private final String awaited;
    private final int dim;
    private final int maxKeysPerFrame;
    private final ClientMetrics.TableMeters meters;
    /** Pushes are counted and kept until every replica holds their round (see {@link RoundRetention}). */
    private final boolean keepsRounds;
    private volatile int observedMinClock;

    SparseTable(ShoalClient client, TableDescriptor d) {
        this.client = client;
        this.d = d;
        this.keepsRounds = RoundRetention.applies(d);
        this.dim = d.spec().dim();
        int byFrame = (client.config().transport().maxBodyBytes() - SparseFrames.REQUEST_PREFIX) / (8 + 4 * dim);
        this.maxKeysPerFrame = Math.min(SparseFrames.MAX_KEYS_PER_FRAME, byFrame);
        this.awaited = "the servers of table '" + d.name() + "'";
        this.meters = client.metrics().table(d);
    }

    public TableDescriptor descriptor() {
        return d;
    }

    public String name() {
        return d.name();
    }

    /** Floats per row. */
    public int dim() {
        return dim;
    }

    /** See {@link DenseTable#observedMinClock()}. */
    public int observedMinClock() {
        return observedMinClock;
    }

    public void push(long[] keys, float[] grads) {
        Futures.await(pushAsync(keys, grads), awaited);
    }

    /** Pushes {@code grads} (row i at {@code [i*dim, (i+1)*dim)}) as the gradients of {@code keys}. */
    public CompletableFuture<Void> pushAsync(long[] keys, float[] grads) {
        checkValues("push", keys, grads);
        Gradients.requireFinite(d.spec(), grads, 0, grads.length);
        return send(MessageType.PUSH_SPARSE, keys, grads, null);
    }

    public void pull(long[] keys, float[] out) {
        Futures.await(pullAsync(keys, out), awaited);
    }

    /** Pulls the rows of {@code keys} into {@code out} (row i at {@code [i*dim, (i+1)*dim)}). */
    public CompletableFuture<Void> pullAsync(long[] keys, float[] out) {
        checkValues("pull", keys, out);
        return send(MessageType.PULL_SPARSE, keys, null, out);
    }

    public void pushPull(long[] keys, float[] grads, float[] out) {
        Futures.await(pushPullAsync(keys, grads, out), awaited);
    }

    /** Pushes the gradients of {@code keys} and pulls their rows after the update, in one round trip. */
    public CompletableFuture<Void> pushPullAsync(long[] keys, float[] grads, float[] out) {
        checkValues("push", keys, grads);
        checkValues("pull", keys, out);
        Gradients.requireFinite(d.spec(), grads, 0, grads.length);
        return send(MessageType.PUSH_PULL_SPARSE, keys, grads, out);
    }

    private CompletableFuture<Void> send(MessageType type, long[] keys, float[] grads, float[] out) {
        long start = System.nanoTime();
        int servers = client.view().servers().size();
        KeyRouting routing = KeyRouting.of(d, keys, grads, dim, servers);
        int clock = client.currentClock();
        Fanout fanout = new Fanout(client, pieceCount(routing, servers));
        ByteBufAllocator alloc = NettyRuntime.allocator();
        for (int s = 0; s < servers; s++) {
            for (int from = routing.start(s); from < routing.end(s); from += maxKeysPerFrame) {
                int n = Math.min(maxKeysPerFrame, routing.end(s) - from);
                long id = client.nextRequestId();
                ByteBuf frame = grads != null
                        ? SparseFrames.encodePush(alloc, type, id, d.id(), clock, routing.keys, from, n, dim,
                                routing.rows, from * dim)
                        : SparseFrames.encodePull(alloc, id, d.id(), clock, routing.keys, from, n, dim);
                // Every key of a frame is in a partition of owner s, and those have the same replicas, so the same
                // primary under any view: the first key routes the frame, now and when it is resent.
                int partition = KeyPartitioner.partitionOf(routing.keys[from], d.units());
                ToIntFunction<ClusterView> route = v -> v.primaryOf(d, partition);
                int first = from;
                Consumer<ByteBuf> onReply = out == null ? ByteBuf::release : r -> scatter(r, routing, first, n, out);
                if (grads != null && keepsRounds) {
                    client.rounds().pushed(d.id(), s, clock, frame, route, onReply).send(fanout, frame);
                } else {
                    fanout.send(route, frame, onReply);
                }
            }
        }
        return meters.time(type, start, keys.length, fanout.joined());
    }

    /** Frames of the request: each server's run of keys, cut every {@link #maxKeysPerFrame}. */
    private int pieceCount(KeyRouting routing, int servers) {
        int pieces = 0;
        for (int s = 0; s < servers; s++) {
            pieces += (routing.end(s) - routing.start(s) + maxKeysPerFrame - 1) / maxKeysPerFrame;
        }
        return pieces;
    }

    private void scatter(ByteBuf reply, KeyRouting routing, int from, int n, float[] out) {
        try {
            if (SparseFrames.responseKeyCount(reply) != n || SparseFrames.responseDim(reply) != dim) {
                throw new ProtocolViolationException(ErrorCode.MALFORMED_FRAME, "server answered "
                        + SparseFrames.responseKeyCount(reply) + " rows for " + n + " keys of " + d.spec());
            }
            float[] rows = new float[n * dim];
            Floats.read(reply, SparseFrames.responseValuesIndex(reply), rows, 0, n * dim);
            routing.scatterRows(rows, dim, from, n, out);
            observedMinClock = SparseFrames.responseMinClock(reply);
        } finally {
            reply.release();
        }
    }

    private void checkValues(String what, long[] keys, float[] values) {
        if ((long) keys.length * dim != values.length) {
            throw new ShapeMismatchException(what + " of " + keys.length + " rows of " + d.spec()
                    + ": expected " + (long) keys.length * dim + " values (" + keys.length + " x " + dim + "), got "
                    + values.length);
        }
    }
}
