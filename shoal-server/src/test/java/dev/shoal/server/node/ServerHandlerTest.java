package dev.shoal.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.server.metrics.ServerMetrics;
import dev.shoal.server.metrics.ServerStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request handling of one server, driven frame by frame on an EmbeddedChannel. */
class ServerHandlerTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final long WORKER0 = 1L << 40;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ServerHandler handler = new ServerHandler(new ServerMetrics(registry));
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private TableDescriptor table;

    @BeforeEach
    void install() {
        handler.setServerId(0);
        handler.onView(view(1, 0));
        table = Slicing.layout(1, TableSpec.dense("w", 8).optimizer(OptimizerSpec.sgd(1f)), Consistency.asp(), 1,
                16, new long[1]);
        ByteBuf f = FrameHeader.allocate(ALLOC, MessageType.INSTALL_TABLE, 5, 1, 0, 256);
        ControlCodec.writeDescriptor(f, table);
        assertThat(isError(call(FrameHeader.finish(f)))).isFalse();
    }

    /** A view of one server, epoch {@code epoch}, with these live workers. */
    static ClusterView view(int epoch, int... liveWorkers) {
        return new ClusterView(epoch, List.of(new NodeAddress(0, "127.0.0.1", 1)), liveWorkers, 1,
                Consistency.asp(), 16);
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private ByteBuf call(ByteBuf request) {
        handler.onRequest(ch, request);
        ch.runPendingTasks();
        return ch.readOutbound();
    }

    private static boolean isError(ByteBuf reply) {
        boolean e = FrameHeader.isError(reply);
        reply.release();
        return e;
    }

    private ByteBuf push(long requestId, float value) {
        float[] g = new float[8];
        Arrays.fill(g, value);
        return DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, requestId, 1, 0, 0, g, 0, 8);
    }

    private float[] pull() {
        ByteBuf reply = call(DenseFrames.encodePull(ALLOC, WORKER0 | 99, 1, 0, 0, 8));
        float[] out = new float[8];
        Floats.read(reply, DenseFrames.responseValuesIndex(reply), out, 0, 8);
        reply.release();
        return out;
    }

    @Test
    void aRetriedPushIsAcknowledgedButAppliedOnce() {
        assertThat(isError(call(push(WORKER0 | 1, -1f)))).isFalse();
        assertThat(isError(call(push(WORKER0 | 1, -1f)))).isFalse();   // same request id: a retry
        assertThat(isError(call(push(WORKER0 | 2, -1f)))).isFalse();
        assertThat(pull()).containsOnly(2f);
        assertThat(registry.get("shoal.server.pushes").counter().count()).as("applied pushes").isEqualTo(2);
        assertThat(registry.get("shoal.server.pulls").counter().count()).isEqualTo(1);
        assertThat(registry.get("shoal.server.pull.bytes").counter().count()).isEqualTo(8 + 8 * 4);
    }

    @Test
    void aRefusedPushAppliesNothingAndMayBeRetriedCorrected() {
        ByteBuf reply = call(push(WORKER0 | 7, Float.POSITIVE_INFINITY));
        assertThat(ErrorFrames.decode(reply).code()).isEqualTo(ErrorCode.NON_FINITE_GRADIENT);
        reply.release();
        assertThat(registry.get("shoal.server.refused").tag("code", "NON_FINITE_GRADIENT").counter().count())
                .isEqualTo(1);
        assertThat(pull()).containsOnly(0f);
        assertThat(isError(call(push(WORKER0 | 7, -3f)))).isFalse();
        assertThat(pull()).containsOnly(3f);
    }

    private ByteBuf clock(int clock) {
        return FrameHeader.finish(FrameHeader.allocate(ALLOC, MessageType.CLOCK, WORKER0 | 50 + clock, 0, clock, 0));
    }

    @Test
    void statsCountRequestsAndBytesByTypeAndTableAndRefusalsByCode() {
        ByteBuf request = push(WORKER0 | 1, -1f);
        long pushIn = request.readableBytes();
        ByteBuf ack = call(request);
        long pushOut = ack.readableBytes();
        ack.release();
        ByteBuf error = call(push(WORKER0 | 2, Float.NaN));
        long errorOut = error.readableBytes();
        error.release();
        pull();
        call(clock(1)).release();

        ServerStats s = handler.stats();
        assertThat(s.nodeId()).isZero();
        assertThat(s.minClock()).isEqualTo(1);
        assertThat(s.requests()).contains(
                new ServerStats.Requests("PUSH_DENSE", 1, "w", 2, 2 * pushIn, pushOut + errorOut),
                new ServerStats.Requests("PULL_DENSE", 1, "w", 1, 24 + 12, 24 + 8 + 8 * 4),
                new ServerStats.Requests("CLOCK", null, null, 1, 24, 24 + 4));   // answered with the layout epoch
        assertThat(s.count("INSTALL_TABLE")).isEqualTo(1);
        assertThat(s.refusals()).containsExactly(entry("NON_FINITE_GRADIENT", 1L));
        assertThat(s.staleness().servedAt().getFirst()).isEqualTo(1);
        assertThat(s.staleness().max()).isZero();
        assertThat(s.tables()).containsExactly(new ServerStats.TableBytes(1, "w", 8 * Float.BYTES));
        assertThat(s.parkedConnections()).isZero();
    }

    @Test
    void theMinClockFigureIsAbsentBeforeTheFirstViewAndKeepsTheLastClockOnceEveryWorkerHasLeft() {
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        ServerHandler h = new ServerHandler(new ServerMetrics(fresh));
        assertThat(fresh.get("shoal.server.min.clock").gauge().value()).isNaN();
        assertThat(h.stats().minClock()).isNull();

        handler.onRequest(ch, clock(3));
        ch.runPendingTasks();
        ch.<ByteBuf>readOutbound().release();
        assertThat(registry.get("shoal.server.min.clock").gauge().value()).isEqualTo(3);
        handler.onView(view(2));
        assertThat(registry.get("shoal.server.min.clock").gauge().value()).isEqualTo(3);
        assertThat(handler.stats().minClock()).isEqualTo(3);
    }

    @Test
    void unknownTableIsAnErrorAndTheConnectionStaysOpen() {
        ByteBuf reply = call(DenseFrames.encodePull(ALLOC, WORKER0 | 3, 42, 0, 0, 8));
        assertThat(ErrorFrames.decode(reply).code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(ErrorFrames.decode(reply).getMessage()).contains("42");
        reply.release();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aMalformedBodyClosesTheConnection() {
        ByteBuf bad = FrameHeader.allocate(ALLOC, MessageType.PUSH_DENSE, WORKER0 | 4, 1, 0, 3);
        bad.writeBytes(new byte[3]);
        ByteBuf reply = call(FrameHeader.finish(bad));
        assertThat(ErrorFrames.decode(reply).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        reply.release();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aRangeOutsideTheTableIsRefusedNamingIt() {
        float[] g = new float[4];
        ByteBuf reply = call(DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, WORKER0 | 5, 1, 0, 6, g, 0, 4));
        assertThat(ErrorFrames.decode(reply).code()).isEqualTo(ErrorCode.KEY_OUT_OF_RANGE);
        assertThat(ErrorFrames.decode(reply).getMessage()).contains("'w'").contains("[6, 10)");
        reply.release();
    }
}
