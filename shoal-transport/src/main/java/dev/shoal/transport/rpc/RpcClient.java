package dev.shoal.transport.rpc;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.error.RequestTimeoutException;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.FrameDecoder;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.ProtocolErrorHandler;
import dev.shoal.transport.netty.RequestTimeouts;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.stats.LatencyHistograms;
import dev.shoal.transport.time.NodeClock;
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
import io.netty.util.concurrent.ScheduledFuture;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link ShoalException}: the error the peer sent (as the subclass of its code), CONNECTION_CLOSED when the
 * connection drops, or {@link RequestTimeoutException} when no answer came before the request's deadline.
 *
 * <p>Every request has a deadline: {@link #call(ByteBuf, Duration)}'s, else the default for its kind
 * ({@link TransportOptions#requestTimeouts()}). As in Kafka's {@code InFlightRequests}, the connection's event loop
 * scans the pending requests every {@value #SCAN_MILLIS} ms (at most {@code maxInFlight} of them, and only when the
 * earliest deadline has passed; nothing is allocated otherwise) and fails the overdue ones with a message naming
 * the peer, the kind of request and the deadline. The connection is then closed, failing the others with
 * CONNECTION_CLOSED: the peer answers a connection's requests in order, so everything behind the overdue one is
 * stuck too, and a peer whose host vanished never closes TCP itself. Later calls fail at once instead of each
 * waiting out its own deadline, and no late answer can be mistaken for a new one.
 * {@link #call} blocks while {@code maxInFlight} requests are outstanding, except on an event-loop thread, where
 * blocking would deadlock; there the window is allowed to overflow.
 *
 * <p>Every request answered without error has its round trip recorded by message type
 * ({@link #mergeLatencies}): from the moment {@link #call} is entered (so a wait for a slot in a full window counts)
 * to the moment the response is read off the socket, before the caller's future completes. It includes whatever
 * the peer did before answering, e.g. a server holding a pull at its consistency gate. Recording allocates nothing.
 */
public final class RpcClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);
    /** How often deadlines are checked: a request fails at most this late. */
    static final long SCAN_MILLIS = 100;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private final Channel channel;
    private final String address;
    private final NodeClock clock;
    private final RequestTimeouts timeouts;
    private final Semaphore window;
    /** Requests in flight by request id; its monitor guards every field below that says so. */
    private final Long2ObjectOpenHashMap<Pending> pending = new Long2ObjectOpenHashMap<>();
    /**
     * Round trips of answered requests by message type id, under the lock of {@link #pending}; a histogram is made
     * when its type is first answered, so a connection holds one only for the types it carries.
     */
    private final Histogram[] latencies = new Histogram[256];
    /**
     * No pending request's deadline is earlier, under the lock of {@link #pending}. Not raised when a request is
     * answered, so it may be early; a scan that finds nothing overdue recomputes it.
     */
    private long earliestDeadline = NO_DEADLINE;
    private final AtomicLong sequence = new AtomicLong();
    /** Slots taken beyond the window by event-loop callers, given back before real permits. */
    private final AtomicInteger overflow = new AtomicInteger();
    private volatile long idPrefix;
    /** Who the peer is, e.g. "server 2", for messages; the address alone until {@link #setPeerName}. */
    private volatile String peer;
    private boolean closed;
    private volatile ScheduledFuture<?> scan;

    private RpcClient(Channel channel, String address, TransportOptions options, NodeClock clock) {
        this.channel = channel;
        this.address = address;
        this.peer = address;
        this.clock = clock;
        this.timeouts = options.requestTimeouts();
        this.window = new Semaphore(options.maxInFlight());
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
            throw Errors.of(ErrorCode.UNREACHABLE, "cannot connect to " + address + " within "
                    + options.connectTimeoutMillis() + " ms" + (cause == null ? "" : ": " + cause.getMessage()), cause);
        }
        RpcClient c = new RpcClient(f.channel(), address, options, rt.clock());
        self[0] = c;
        c.scan = f.channel().eventLoop().scheduleAtFixedRate(c::expireOverdue, SCAN_MILLIS, SCAN_MILLIS,
                TimeUnit.MILLISECONDS);
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

    /** Names the peer in error messages, e.g. {@code "server 2"} or {@code "coordinator"}, beside its address. */
    public void setPeerName(String name) {
        this.peer = name + " at " + address;
    }

    /** The local address of this connection, as the peer sees it. */
    public String localHost() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getHostString();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Runs {@code action} on a network thread once the connection has closed, whoever closed it. */
    public void whenClosed(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /**
     * Sends {@code frame} (ownership passes to the transport) and returns the future of its response, which fails
     * with TIMEOUT if no answer came within the default deadline of its kind.
     */
    public CompletableFuture<ByteBuf> call(ByteBuf frame) {
        return send(frame, timeouts.of(MessageType.ofId(FrameHeader.typeId(frame))).toNanos(), false);
    }

    /** {@link #call(ByteBuf)} with its own deadline, {@code timeout} from now. */
    public CompletableFuture<ByteBuf> call(ByteBuf frame, Duration timeout) {
        return send(frame, timeout.toNanos(), false);
    }

    /**
     * {@link #call(ByteBuf)}, writing the frame from a task of the connection's event loop even when called on that
     * loop: frames that several threads send in an order they agree on (one after the other under a lock) leave in
     * that order. (Netty writes at once a frame sent from the loop itself, ahead of frames other threads queued.)
     */
    public CompletableFuture<ByteBuf> callInOrder(ByteBuf frame) {
        return send(frame, timeouts.of(MessageType.ofId(FrameHeader.typeId(frame))).toNanos(), true);
    }

    private CompletableFuture<ByteBuf> send(ByteBuf frame, long timeoutNanos, boolean queued) {
        long start = clock.nanoTime();
        // Counted from the call, like the round trip: a wait for a slot in a full window is part of it.
        long deadline = start + timeoutNanos;
        Pending result = new Pending(FrameHeader.typeId(frame), start, deadline);
        acquireSlot();
        long id = FrameHeader.requestId(frame);
        synchronized (pending) {
            if (closed) {
                releaseSlot();
                frame.release();
                result.completeExceptionally(closedError());
                return result;
            }
            pending.put(id, result);
            if (deadline - earliestDeadline < 0 || earliestDeadline == NO_DEADLINE) {
                earliestDeadline = deadline;
            }
        }
        if (queued) {
            channel.eventLoop().execute(() -> channel.writeAndFlush(frame, channel.voidPromise()));
        } else {
            channel.writeAndFlush(frame, channel.voidPromise());
        }
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
        long arrived = clock.nanoTime();
        long id = FrameHeader.requestId(frame);
        Pending f;
        synchronized (pending) {
            f = pending.remove(id);
            if (f != null && !FrameHeader.isError(frame)) {
                recordLatency(f.typeId, arrived - f.sentNanos);
            }
        }
        if (f == null) {
            if (FrameHeader.isError(frame)) {
                // The peer could not read one of our frames (a bad length, version or type) and closes the
                // connection: say why, since the requests outstanding will only see CONNECTION_CLOSED.
                LOG.warn("{} refused a frame: {}", peer, ErrorFrames.decode(frame).getMessage());
            }
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

    /**
     * Fails every request whose deadline has passed, then closes the connection (see the class comment). Runs on
     * the event loop every {@value #SCAN_MILLIS} ms; visible for tests that advance a manual clock.
     */
    void expireOverdue() {
        long now = clock.nanoTime();
        List<Pending> overdue;
        synchronized (pending) {
            if (earliestDeadline == NO_DEADLINE || now - earliestDeadline < 0) {
                return;
            }
            overdue = new ArrayList<>();
            long earliest = NO_DEADLINE;
            for (var it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.deadline >= 0) {
                    overdue.add(p);
                    it.remove();
                } else if (earliest == NO_DEADLINE || p.deadline - earliest < 0) {
                    earliest = p.deadline;
                }
            }
            earliestDeadline = earliest;
        }
        if (overdue.isEmpty()) {
            return;
        }
        for (Pending p : overdue) {
            releaseSlot();
            p.completeExceptionally(timeoutError(p));
        }
        LOG.warn("{} request(s) to {} timed out, the first: {}", overdue.size(), peer,
                timeoutError(overdue.getFirst()).getMessage());
        channel.close();
    }

    private RequestTimeoutException timeoutError(Pending p) {
        return new RequestTimeoutException(MessageType.ofId(p.typeId),
                RequestTimeouts.overdue(p.typeId, peer, p.deadline - p.sentNanos));
    }

    private void failAll() {
        List<Pending> failed;
        synchronized (pending) {
            closed = true;
            failed = new ArrayList<>(pending.values());
            pending.clear();
            earliestDeadline = NO_DEADLINE;
        }
        if (scan != null) {
            scan.cancel(false);
        }
        ShoalException e = closedError();
        for (Pending f : failed) {
            releaseSlot();
            f.completeExceptionally(e);
        }
    }

    /**
     * A request in flight: the future its caller holds, carrying what its round trip and its deadline need, so one
     * map entry and the future every request has anyway are all it costs.
     */
    private static final class Pending extends CompletableFuture<ByteBuf> {
        final int typeId;
        final long sentNanos;
        /** On {@link #clock}; compared by subtraction, as nanoTime values must be. */
        final long deadline;

        Pending(int typeId, long sentNanos, long deadline) {
            this.typeId = typeId;
            this.sentNanos = sentNanos;
            this.deadline = deadline;
        }
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
        return Errors.of(ErrorCode.CONNECTION_CLOSED, "connection to " + peer + " closed");
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
