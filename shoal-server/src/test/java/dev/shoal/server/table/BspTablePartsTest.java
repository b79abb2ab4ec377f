package dev.shoal.server.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** BSP through real frames, the same expectations for a dense and a sparse part: one mechanism, two storages. */
class BspTablePartsTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final long[] KEYS = {3, 17, 40, 41};
    private static final int DIM = 2;
    private static final int N = KEYS.length * DIM;

    enum Kind {
        DENSE(TableSpec.dense("bsp.dense", N)),
        SPARSE(TableSpec.sparse("bsp.sparse", DIM));

        final TableSpec spec;

        Kind(TableSpec spec) {
            this.spec = spec.optimizer(OptimizerSpec.sgd(1f)).initializer(InitializerSpec.zeros());
        }

        /** A push with a request id of its own (a chain sums one request id once per round). */
        ByteBuf push(int clock, float[] g) {
            long id = IDS.incrementAndGet();
            return this == DENSE ? DenseFrames.encodePush(ALLOC, MessageType.PUSH_DENSE, id, 1, clock, 0, g, 0, N)
                    : SparseFrames.encodePush(ALLOC, MessageType.PUSH_SPARSE, id, 1, clock, KEYS, 0, KEYS.length, DIM,
                    g, 0);
        }

        float[] pull(ServerTable t) {
            ByteBuf request = this == DENSE ? DenseFrames.encodePull(ALLOC, 2, 1, 0, 0, N)
                    : SparseFrames.encodePull(ALLOC, 2, 1, 0, KEYS, 0, KEYS.length, DIM);
            ByteBuf reply = t.pull(ALLOC, request, 0);
            float[] out = new float[N];
            Floats.read(reply, this == DENSE ? DenseFrames.responseValuesIndex(reply)
                    : SparseFrames.responseValuesIndex(reply), out, 0, N);
            request.release();
            reply.release();
            return out;
        }
    }

    private static final AtomicLong IDS = new AtomicLong();

    private static ServerTable table(Kind kind, TablePartRegistry parts) {
        TableDescriptor d = Slicing.layout(1, kind.spec, Consistency.bsp(), 1, 16, new long[1]);
        parts.onView(MemoryBudgetTest.view(1));
        return parts.install(d, 0);
    }

    private static void push(Kind kind, ServerTable t, int worker, int clock, float[] g) {
        ByteBuf f = kind.push(clock, g);
        try {
            t.push(f, worker, clock);
        } finally {
            f.release();
        }
    }

    private static float[] ramp(float scale) {
        float[] g = new float[N];
        for (int i = 0; i < N; i++) {
            g[i] = scale * (i + 1);
        }
        return g;
    }

    private static BitSet live(int... workers) {
        BitSet b = new BitSet();
        Arrays.stream(workers).forEach(b::set);
        return b;
    }

    /** Plain SGD (rate 1) on {@code w} with the mean of {@code grads}: what one BSP round must equal. */
    private static void sgdStepWithMean(float[] w, float[]... grads) {
        for (int i = 0; i < w.length; i++) {
            float sum = 0f;
            for (float[] g : grads) {
                sum += g[i];
            }
            w[i] -= sum / grads.length;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachRoundAppliesTheMeanGradientOnceLikeSequentialSgd(Kind kind) {
        TablePartRegistry parts = new TablePartRegistry();
        ServerTable t = table(kind, parts);
        float[] expected = new float[N];
        float[] g0 = ramp(1f);
        float[] g1 = ramp(-3f);
        float[] g2 = ramp(0.5f);
        push(kind, t, 0, 0, g0);
        push(kind, t, 1, 0, g1);
        push(kind, t, 0, 1, g2);                 // worker 0 runs one round ahead
        assertThat(kind.pull(t)).as("nothing applied before the barrier").containsOnly(0f);

        parts.gateMoved(1, live(0, 1));
        sgdStepWithMean(expected, g0, g1);
        assertThat(kind.pull(t)).containsExactly(expected);

        push(kind, t, 1, 1, g0);
        parts.gateMoved(2, live(0, 1));
        sgdStepWithMean(expected, g2, g0);
        assertThat(kind.pull(t)).containsExactly(expected);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPushForAnAppliedRoundIsRefusedAndAppliesNothing(Kind kind) {
        TablePartRegistry parts = new TablePartRegistry();
        ServerTable t = table(kind, parts);
        push(kind, t, 0, 0, ramp(1f));
        parts.gateMoved(1, live(0));
        float[] after = kind.pull(t);
        assertThatThrownBy(() -> push(kind, t, 1, 0, ramp(7f))).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.STALE_PUSH));
        parts.gateMoved(3, live(0));
        assertThat(kind.pull(t)).containsExactly(after);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeadWorkersRoundClosesAndItsGradientIsAveragedIn(Kind kind) {
        TablePartRegistry parts = new TablePartRegistry();
        ServerTable t = table(kind, parts);
        float[] g0 = ramp(1f);
        float[] g1 = ramp(2f);
        push(kind, t, 0, 0, g0);
        push(kind, t, 1, 0, g1);
        parts.gateMoved(3, live(0));        // worker 1 died; the slowest live one is at 3
        float[] expected = new float[N];
        sgdStepWithMean(expected, g0, g1);
        assertThat(kind.pull(t)).containsExactly(expected);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTableInstalledAfterSomeRoundsStartsAtTheFirstOpenRound(Kind kind) {
        TablePartRegistry parts = new TablePartRegistry();
        parts.gateMoved(4, live(0));
        ServerTable t = table(kind, parts);
        assertThatThrownBy(() -> push(kind, t, 0, 3, ramp(1f))).isInstanceOf(ShoalException.class);
        float[] g = ramp(1f);
        push(kind, t, 0, 4, g);
        parts.gateMoved(5, live(0));
        float[] expected = new float[N];
        sgdStepWithMean(expected, g);
        assertThat(kind.pull(t)).containsExactly(expected);
    }
}
