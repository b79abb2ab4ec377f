package dev.shoal.transport.rpc;

import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.transport.netty.FrameDecoder;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.ProtocolErrorHandler;
import dev.shoal.transport.netty.TransportOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;

/**
 * Accepts connections and hands each checked frame to a {@link RequestHandler}.
 *
 * <pre>{@code
 * try (RpcServer s = RpcServer.bind(runtime, "127.0.0.1", 0, TransportOptions.defaults(), handler)) {
 *     int port = s.port();
 * }
 * }</pre>
 *
 * <p>Backpressure: when a peer's replies pile up beyond the write high-water mark (it does not read them), the
 * server stops reading that peer's requests until the backlog drains, so a fast worker cannot fill our memory.
 * A handler may also pause a peer through {@link ReadGate} while it holds its requests.
 */
public final class RpcServer implements AutoCloseable {
    private final Channel listener;
    private final ChannelGroup channels;

    private RpcServer(Channel listener, ChannelGroup channels) {
        this.listener = listener;
        this.channels = channels;
    }

    /** Binds {@code host:port} (port 0 = any free port); fails with UNREACHABLE naming the address. */
    public static RpcServer bind(NettyRuntime rt, String host, int port, TransportOptions options,
                                 RequestHandler handler) {
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(rt.group())
                .channel(rt.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, NettyRuntime.allocator())
                .childOption(ChannelOption.SO_SNDBUF, 4 << 20)
                .childOption(ChannelOption.SO_RCVBUF, 4 << 20)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeLowWaterBytes(), options.writeHighWaterBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, false),
                                new FrameDecoder(options.maxFrameBytes()), new Dispatch(handler),
                                ProtocolErrorHandler.INSTANCE);
                    }
                });
        try {
            Channel ch = b.bind(host, port).syncUninterruptibly().channel();
            return new RpcServer(ch, channels);
        } catch (Exception e) {
            throw Errors.of(ErrorCode.UNREACHABLE, "cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) listener.localAddress()).getHostString();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
    }

    /** Passes frames on, and pauses reading a peer while its replies are backed up. */
    private static final class Dispatch extends SimpleChannelInboundHandler<ByteBuf> {
        private final RequestHandler handler;

        Dispatch(RequestHandler handler) {
            super(false);
            this.handler = handler;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handler.onConnect(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handler.onDisconnect(ctx.channel());
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            handler.onRequest(ctx.channel(), frame);
            if (!ctx.channel().isWritable()) {
                ReadGate.update(ctx.channel());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ReadGate.update(ctx.channel());
            ctx.fireChannelWritabilityChanged();
        }
    }
}
