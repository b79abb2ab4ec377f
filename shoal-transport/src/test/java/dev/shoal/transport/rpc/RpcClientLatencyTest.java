package dev.shoal.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.stats.LatencyHistograms;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The round trips an {@link RpcClient} records, over real TCP on loopback. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class RpcClientLatencyTest {
    private static final String HOST = "127.0.0.1";
    private static final int FAILING_TABLE = 7;
    private NettyRuntime rt;
    private RpcServer server;
    private RpcClient client;
    private final BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
    private final AtomicReference<Channel> serverSide = new AtomicReference<>();

    @BeforeEach
    void start() {
        rt = NettyRuntime.create("latency-test", 2);
        TransportOptions opts = TransportOptions.defaults().withIoThreads(2).withConnectTimeoutMillis(2000);
        server = RpcServer.bind(rt, HOST, 0, opts, this::answer);
        client = RpcClient.connect(rt, HOST, server.port(), opts, NotificationListener.NONE);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        held.forEach(ByteBuf::release);
        rt.close();
    }

    /** Answers at once, with an error for the failing table; holds PULL_DENSE until the test releases it. */
    private void answer(Channel ch, ByteBuf frame) {
        serverSide.set(ch);
        if (FrameHeader.tableId(frame) == FAILING_TABLE) {
            ch.writeAndFlush(ErrorFrames.answer(ch.alloc(), frame, ErrorCode.UNKNOWN_TABLE, "no such table"));
            frame.release();
        } else if (FrameHeader.typeId(frame) == MessageType.PULL_DENSE.id) {
            held.add(frame);
        } else {
            ch.writeAndFlush(emptyReply(ch, frame));
        }
    }

    private static ByteBuf emptyReply(Channel ch, ByteBuf request) {
        ByteBuf r = FrameHeader.finish(FrameHeader.allocateResponse(ch.alloc(), request, 0, 0));
        request.release();
        return r;
    }

    private CompletableFuture<ByteBuf> send(MessageType type, int table) {
        return client.call(FrameHeader.finish(FrameHeader.allocate(client.alloc(), type, client.nextRequestId(),
                table, 0, 0)));
    }

    private Histogram latencies(MessageType type) {
        Histogram h = LatencyHistograms.create();
        client.mergeLatencies(type, h);
        return h;
    }

    @Test
    void answeredRequestsAreCountedByTypeAndErrorsAreNot() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(MessageType.PUSH_DENSE, 1).get(5, TimeUnit.SECONDS).release();
        }
        for (int i = 0; i < 3; i++) {
            send(MessageType.PUSH_SPARSE, 1).get(5, TimeUnit.SECONDS).release();
        }
        Throwable refused = catchThrowable(() -> send(MessageType.PUSH_DENSE, FAILING_TABLE).get(5, TimeUnit.SECONDS));
        assertThat(refused).hasRootCauseMessage("no such table");

        assertThat(latencies(MessageType.PUSH_DENSE).getTotalCount()).isEqualTo(5);
        assertThat(latencies(MessageType.PUSH_SPARSE).getTotalCount()).isEqualTo(3);
        assertThat(latencies(MessageType.PULL_DENSE).getTotalCount()).isZero();
        assertThat(LatencyHistograms.percentile(latencies(MessageType.PUSH_DENSE), 0)).isPositive();
    }

    @Test
    void theTimeThePeerHoldsARequestCounts() throws Exception {
        CompletableFuture<ByteBuf> pull = send(MessageType.PULL_DENSE, 1);
        ByteBuf request = held.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        long holdNanos = 5_000_000;
        long heldSince = System.nanoTime();
        while (System.nanoTime() - heldSince < holdNanos) {
            Thread.onSpinWait();   // a duration to measure, not a wait for another thread
        }
        Channel ch = serverSide.get();
        ch.writeAndFlush(emptyReply(ch, request));
        pull.get(5, TimeUnit.SECONDS).release();

        Histogram pulls = latencies(MessageType.PULL_DENSE);
        assertThat(pulls.getTotalCount()).isEqualTo(1);
        assertThat(LatencyHistograms.percentile(pulls, 1)).isGreaterThanOrEqualTo(holdNanos * 0.98);
    }

    @Test
    void mergingAddsToWhatTheCallerAlreadyHolds() throws Exception {
        send(MessageType.ECHO, 1).get(5, TimeUnit.SECONDS).release();
        Histogram h = LatencyHistograms.create();
        LatencyHistograms.record(h, 1);
        client.mergeLatencies(MessageType.ECHO, h);
        client.mergeLatencies(MessageType.ECHO, h);
        assertThat(h.getTotalCount()).isEqualTo(3);
    }
}
