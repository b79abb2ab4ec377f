package dev.shoal.coordinator;

import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.RequestHandler;
import dev.shoal.transport.rpc.RpcServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listening side of a parameter server, reduced to what the coordinator talks to: a real RpcServer that
 * answers INSTALL_TABLE. Acks can be held back ({@link #gate}) or replaced by an error ({@link #refusal}).
 */
final class FakeServer implements RequestHandler, AutoCloseable {
    final List<TableDescriptor> installed = new CopyOnWriteArrayList<>();
    /** Acks wait for this future, so a test can observe creates while an install is in progress. */
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    /** When set, INSTALL_TABLE is answered with this error message (code INTERNAL). */
    volatile String refusal;
    /**
     * The first this many INSTALL_TABLEs are answered CLUSTER_NOT_READY, as a real server answers while it has
     * not yet read the coordinator's answer to its REGISTER (it does not know its id, so not its slices).
     */
    final java.util.concurrent.atomic.AtomicInteger stillRegistering = new java.util.concurrent.atomic.AtomicInteger();
    /** Completes when the first INSTALL_TABLE arrives (before it is acknowledged). */
    final CompletableFuture<Void> firstInstall = new CompletableFuture<>();
    private final RpcServer server;

    FakeServer(NettyRuntime rt) {
        this.server = RpcServer.bind(rt, "127.0.0.1", 0, TransportOptions.defaults(), this);
    }

    int port() {
        return server.port();
    }

    @Override
    public void onRequest(Channel channel, ByteBuf frame) {
        try {
            ByteBuf answer;
            if (FrameHeader.typeId(frame) != MessageType.INSTALL_TABLE.id) {
                answer = ErrorFrames.answer(channel.alloc(), frame, ErrorCode.UNKNOWN_TYPE, "fake server");
            } else if (stillRegistering.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer = ErrorFrames.answer(channel.alloc(), frame, ErrorCode.CLUSTER_NOT_READY,
                        "this server has not finished registering");
            } else if (refusal != null) {
                answer = ErrorFrames.answer(channel.alloc(), frame, ErrorCode.INTERNAL, refusal);
            } else {
                installed.add(ControlCodec.readDescriptor(
                        frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame))));
                answer = FrameHeader.finish(FrameHeader.allocateResponse(channel.alloc(), frame, 0, 0));
                firstInstall.complete(null);
            }
            gate.thenRun(() -> channel.writeAndFlush(answer));
        } finally {
            frame.release();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
