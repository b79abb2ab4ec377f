package dev.shoal.transport.rpc;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.FrameDecoder;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.ProtocolErrorHandler;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.stats.LatencyHistograms;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One connection to a peer, with request/response correlation by request id and a bounded number of requests in
 * flight.
 *
 * <pre>{@code
 * try (RpcClient c = RpcClient.connect(runtime, "127.0.0.1", 7101, options, NotificationListener.NONE)) {
 *     ByteBuf req = DenseFrames.encodePull(c.alloc(), c.nextRequestId(), table, clock, 0, 1024);
 *     ByteBuf resp = c.call(req).join();     // caller releases resp
 * }
 * }</pre>
 *
 * <p>A future completes with the response frame (the caller owns it) or exceptionally with a
 * {@link ShoalException}: the error the peer sent, or CONNECTION_CLOSED when the connection drops.
 * {@link #call} blocks while {@code maxInFlight} requests are outstanding, except on an event-loop thread, where
 * blocking would deadlock; there the window is allowed to overflow.
 *
 * <p>Every request answered without error has its round trip recorded by message type
 * ({@link #mergeLatencies}): from the moment {@link #call} is entered (so a wait for a slot in a full window counts)
 * to the moment the response is read off the socket, before the caller's future completes. It includes whatever
 * the peer did before answering, e.g. a server holding a pull at its consistency gate. Recording allocates nothing.
 */
public final class RpcClient implements AutoCloseable {
    private static final long SENT_MASK = (1L << 56) - 1;
    private final Channel channel;
    private final String address;
    private final Semaphore window;
    private final Long2ObjectOpenHashMap<CompletableFuture<ByteBuf>> pending = new Long2ObjectOpenHashMap<>();
    /** Beside {@link #pending}, under its lock: each request's {@link #stamp} (type and send time in one long). */
    private final Long2LongOpenHashMap sentAt = new Long2LongOpenHashMap();
    /**
     * Round trips of answered requests by message type id, under the lock of {@link #pending}; a histogram is made
     * when its type is first answered, so a connection holds one only for the types it carries.
     */
    private final Histogram[] latencies = new Histogram[256];
    private final long epoch = System.nanoTime();
    private final AtomicLong sequence = new AtomicLong();
    /** Slots taken beyond the window by event-loop callers, given back before real permits. */
    private final AtomicInteger overflow = new AtomicInteger();
    private volatile long idPrefix;
    private boolean closed;

    private RpcClient(Channel channel, String address, int maxInFlight) {
        this.channel = channel;
        this.address = address;
        this.window = new Semaphore(maxInFlight);
    }

    /**
     * Connects within {@code options.connectTimeoutMillis()}; otherwise throws UNREACHABLE naming the address.
     */
    public static RpcClient connect(NettyRuntime rt, String host, int port, TransportOptions options,
                                    NotificationListener listener) {
        String address = host + ":" + port;
        RpcClient[] self = new RpcClient[1];
        Bootstrap b = new Bootstrap()
                .group(rt.group())
                .channel(rt.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, NettyRuntime.allocator())
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, false),
                                new FrameDecoder(options.maxFrameBytes()),
                                new Responses(self, listener), ProtocolErrorHandler.INSTANCE);
                    }
                });
        ChannelFuture f = b.connect(host, port);
        if (!f.awaitUninterruptibly(options.connectTimeoutMillis() + 500L, TimeUnit.MILLISECONDS) || !f.isSuccess()) {
            f.cancel(false);
            Throwable cause = f.cause();
            throw new ShoalException(ErrorCode.UNREACHABLE, "cannot connect to " + address + " within "
                    + options.connectTimeoutMillis() + " ms" + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
        RpcClient c = new RpcClient(f.channel(), address, options.maxInFlight());
        self[0] = c;
        f.channel().closeFuture().addListener(x -> c.failAll());
        return c;
    }

    /** Request ids carry this prefix in their high 24 bits (e.g. worker id + 1), so ids are unique per job. */
    public void setIdPrefix(int prefix) {
        this.idPrefix = ((long) prefix) << 40;
    }

    /** A fresh request id; a retried request reuses its first id so the server can recognize it. */
    public long nextRequestId() {
        return idPrefix | sequence.incrementAndGet();
    }

    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    public String address() {
        return address;
    }

    /** The local address of this connection, as the peer sees it. */
    public String localHost() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getHostString();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Sends {@code frame} (ownership passes to the transport) and returns the future of its response. */
    public CompletableFuture<ByteBuf> call(ByteBuf frame) {
        long start = System.nanoTime();
        CompletableFuture<ByteBuf> result = new CompletableFuture<>();
        acquireSlot();
        long id = FrameHeader.requestId(frame);
        long stamp = stamp(FrameHeader.typeId(frame), start);
        synchronized (pending) {
            if (closed) {
                releaseSlot();
                frame.release();
                result.completeExceptionally(closedError());
                return result;
            }
            pending.put(id, result);
            sentAt.put(id, stamp);
        }
        channel.writeAndFlush(frame, channel.voidPromise());
        return result;
    }

    private void acquireSlot() {
        if (Thread.currentThread() instanceof FastThreadLocalThread) {
            if (!window.tryAcquire()) {
                overflow.incrementAndGet();
            }
            return;
        }
        window.acquireUninterruptibly();
    }

    private void releaseSlot() {
        for (int o = overflow.get(); o > 0; o = overflow.get()) {
            if (overflow.compareAndSet(o, o - 1)) {
                return;
            }
        }
        window.release();
    }

    private void complete(ByteBuf frame) {
        long arrived = System.nanoTime();
        long id = FrameHeader.requestId(frame);
        CompletableFuture<ByteBuf> f;
        synchronized (pending) {
            f = pending.remove(id);
            if (f != null) {
                long stamp = sentAt.remove(id);
                if (!FrameHeader.isError(frame)) {
                    recordLatency((int) (stamp >>> 56), arrived - epoch - (stamp & SENT_MASK));
                }
            }
        }
        if (f == null) {
            frame.release();
            return;
        }
        releaseSlot();
        if (FrameHeader.isError(frame)) {
            ShoalException e = ErrorFrames.decode(frame);
            frame.release();
            f.completeExceptionally(e);
        } else if (!f.complete(frame)) {
            frame.release();
        }
    }

    private void failAll() {
        List<CompletableFuture<ByteBuf>> failed;
        synchronized (pending) {
            closed = true;
            failed = new ArrayList<>(pending.values());
            pending.clear();
            sentAt.clear();
        }
        ShoalException e = closedError();
        for (CompletableFuture<ByteBuf> f : failed) {
            releaseSlot();
            f.completeExceptionally(e);
        }
    }

    /**
     * The type id in the top 8 bits and the send time since {@link #epoch} in the low 56 (2.2 years of
     * nanoseconds): one primitive map entry per request, so timing a request allocates nothing.
     */
    private long stamp(int typeId, long sentNanos) {
        return ((long) typeId << 56) | ((sentNanos - epoch) & SENT_MASK);
    }

    /**
     * Adds the round-trip times of this connection's requests of {@code type} that were answered without error to
     * {@code dst}.
     */
    public void mergeLatencies(MessageType type, Histogram dst) {
        synchronized (pending) {
            Histogram h = latencies[type.id];
            if (h != null) {
                dst.add(h);
            }
        }
    }

    /** Under the lock of {@link #pending}; allocates only the first time a type is answered. */
    private void recordLatency(int typeId, long nanos) {
        Histogram h = latencies[typeId];
        if (h == null) {
            h = LatencyHistograms.create();
            latencies[typeId] = h;
        }
        LatencyHistograms.record(h, nanos);
    }

    private ShoalException closedError() {
        return new ShoalException(ErrorCode.CONNECTION_CLOSED, "connection to " + address + " closed");
    }

    /** Closes the connection; outstanding requests fail with CONNECTION_CLOSED. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        failAll();
    }

    /** Routes responses to their futures and notifications to the listener. */
    private static final class Responses extends SimpleChannelInboundHandler<ByteBuf> {
        private final RpcClient[] owner;
        private final NotificationListener listener;

        Responses(RpcClient[] owner, NotificationListener listener) {
            super(false);
            this.owner = owner;
            this.listener = listener;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (FrameHeader.isResponse(frame) && owner[0] != null) {
                owner[0].complete(frame);
                return;
            }
            try {
                listener.onNotification(frame);
            } finally {
                frame.release();
            }
        }
    }
}
