package dev.shoal.transport.netty;

import dev.shoal.transport.time.NodeClock;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops, channel classes and clock of one process: native epoll where the platform has it, NIO
 * otherwise. One runtime is shared by all connections of a node, and its {@link NodeClock} is the node's one source
 * of time (request deadlines, backoff, liveness), which tests replace with a {@code ManualClock}.
 *
 * <pre>{@code
 * try (NettyRuntime rt = NettyRuntime.create("server", 2)) {
 *     RpcServer s = RpcServer.bind(rt, "0.0.0.0", 7101, options, handler);
 * }
 * }</pre>
 */
public final class NettyRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRuntime.class);
    /**
     * Pooled direct buffers in 32 MiB chunks (page 8 KiB, order 12). A 4 MiB slice plus its header takes under a
     * quarter of a chunk, so the chunk stays in the arena's first list, which is never freed: data frames are
     * recycled instead of allocated and zeroed per request (Netty's default allocator does not pool buffers this
     * large, and a pool with smaller chunks frees and re-creates a chunk per frame).
     */
    private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true,
            0, Math.max(2, Runtime.getRuntime().availableProcessors()), 8192, 12, 256, 64, true);
    private final EventLoopGroup group;
    private final boolean epoll;
    private final NodeClock clock;

    private NettyRuntime(EventLoopGroup group, boolean epoll, NodeClock clock) {
        this.group = group;
        this.epoll = epoll;
        this.clock = clock;
    }

    /** The buffer allocator every Shoal channel uses. */
    public static ByteBufAllocator allocator() {
        return ALLOCATOR;
    }

    /** A runtime with {@code threads} event-loop threads named after {@code name}, on the system clock. */
    public static NettyRuntime create(String name, int threads) {
        return create(name, threads, NodeClock.system());
    }

    /** A runtime whose deadlines and timings read {@code clock}. */
    public static NettyRuntime create(String name, int threads, NodeClock clock) {
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("shoal.nio");
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        if (!epoll) {
            LOG.debug("native epoll unavailable ({}), using NIO", Epoll.unavailabilityCause());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("shoal-" + name, true),
                io);
        return new NettyRuntime(group, epoll, clock);
    }

    /** The node's time source. */
    public NodeClock clock() {
        return clock;
    }

    public EventLoopGroup group() {
        return group;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
