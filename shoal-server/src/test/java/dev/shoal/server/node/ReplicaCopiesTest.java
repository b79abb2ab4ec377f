package dev.shoal.server.node;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.server.metrics.ServerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server 1 of two backs up a dense table of one slice owned by server 0 (two replicas): it takes the copies server
 * 0 sends (REPLICATE), once per request id and never under an older layout epoch, refuses workers while server 0
 * is primary, and once server 0 is out of service answers as primary with exactly the copies it took.
 */
class ReplicaCopiesTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final long WORKER0 = 1L << 40;
    private final ServerHandler backup = new ServerHandler(new ServerMetrics(new SimpleMeterRegistry()));
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private TableDescriptor table;

    private static ClusterView view(int epoch, int layoutEpoch, int... inService) {
        return new ClusterView(epoch, List.of(new NodeAddress(0, "127.0.0.1", 1), new NodeAddress(1, "127.0.0.1", 2)),
                new int[] {0}, 1, Consistency.asp(), 16, layoutEpoch, inService, 3000);
    }

    @BeforeEach
    void install() {
        backup.setServerId(1);
        backup.onView(view(1, 1, 0, 1));
        table = new TableDescriptor(1, TableSpec.dense("w", 4).optimizer(OptimizerSpec.sgd(1f)), Consistency.asp(),
                1, 4, new int[] {0}, 2);
        ByteBuf f = FrameHeader.allocate(ALLOC, MessageType.INSTALL_TABLE, 5, 1, 0, 256);
        ControlCodec.writeDescriptor(f, table);
        assertThat(code(call(FrameHeader.finish(f)))).isNull();
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private ByteBuf call(ByteBuf request) {
        backup.onRequest(ch, request);
        ch.runPendingTasks();
        return ch.readOutbound();
    }

    /** The error code of a reply (released), or null for a success. */
    private static ErrorCode code(ByteBuf reply) {
        try {
            return FrameHeader.isError(reply) ? ErrorFrames.decode(reply).code() : null;
        } finally {
            reply.release();
        }
    }

    private static ByteBuf push(long id, float value) {
        float[] g = new float[4];
        Arrays.fill(g, value);
        return DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, id, 1, 0, 0, g, 0, 4);
    }

    /** A REPLICATE from server 0 under {@code epoch}, carrying a worker's push of {@code value} everywhere. */
    private static ByteBuf copy(long outerId, int epoch, long pushId, float value) {
        ByteBuf inner = push(pushId, value);
        ByteBuf f = FrameHeader.allocate(ALLOC, MessageType.REPLICATE, outerId, 1, 0, 4 + inner.readableBytes());
        f.writeIntLE(epoch).writeBytes(inner);
        inner.release();
        return FrameHeader.finish(f);
    }

    private float[] pull() {
        ByteBuf reply = call(DenseFrames.encodePull(ALLOC, WORKER0 | 99, 1, 0, 0, 4));
        assertThat(FrameHeader.isError(reply)).as("pull answered").isFalse();
        float[] out = new float[4];
        Floats.read(reply, DenseFrames.responseValuesIndex(reply), out, 0, 4);
        reply.release();
        return out;
    }

    @Test
    void aBackupTakesEachCopyOnceAndAnswersAsPrimaryAfterFailOver() {
        assertThat(code(call(copy(1, 1, WORKER0 | 1, -1f)))).isNull();
        assertThat(code(call(copy(2, 1, WORKER0 | 2, -2f)))).isNull();
        assertThat(code(call(copy(3, 1, WORKER0 | 1, -1f)))).as("the same push copied again").isNull();
        assertThat(code(call(push(WORKER0 | 3, -4f)))).as("a worker's push while server 0 is primary")
                .isEqualTo(ErrorCode.NOT_OWNER);

        backup.onView(view(2, 2, 1));
        assertThat(pull()).containsOnly(3f);
        assertThat(code(call(push(WORKER0 | 2, -2f)))).as("a worker resending a push the backup holds").isNull();
        assertThat(pull()).as("the resent push is acknowledged, not applied again").containsOnly(3f);
    }

    @Test
    void aCopyUnderAnOlderLayoutEpochIsRefusedAndNotApplied() {
        backup.onView(view(2, 2, 0, 1));
        assertThat(code(call(copy(1, 1, WORKER0 | 1, -1f)))).isEqualTo(ErrorCode.STALE_EPOCH);
        assertThat(code(call(copy(2, 2, WORKER0 | 2, -2f)))).isNull();
        backup.onView(view(3, 3, 1));
        assertThat(pull()).containsOnly(2f);
    }
}
