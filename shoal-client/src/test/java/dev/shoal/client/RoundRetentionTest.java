package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.error.NonFiniteGradientException;
import dev.shoal.protocol.error.UnavailableException;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RoundRetention without a client: the test plays Fanout (it routes each push through the Push, answers or fails
 * it) and records what the retention resends.
 */
class RoundRetentionTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    /** Three servers; a dense table of 3 slices owned by 0, 1, 2, each held by its owner and the next server. */
    private static final TableDescriptor DENSE = new TableDescriptor(7, TableSpec.dense("w", 30), Consistency.bsp(),
            1, 10, new int[] {0, 1, 2}, 2);
    private final AtomicReference<ClusterView> view = new AtomicReference<>(view(1, 0, 1, 2));
    /** Request ids of the frames resent, and the server each resend went to. */
    private final List<Long> resentIds = new ArrayList<>();
    private final List<Integer> resentTo = new ArrayList<>();
    private final List<ByteBuf> frames = new ArrayList<>();
    private final RoundRetention rounds = new RoundRetention(view::get, Runnable::run, this::resend);
    private long nextId = 100;

    private CompletableFuture<Void> resend(ToIntFunction<ClusterView> route, ByteBuf frame) {
        resentIds.add(FrameHeader.requestId(frame));
        resentTo.add(route.applyAsInt(view.get()));   // as Fanout's piece would: route, send, answer
        frame.release();
        return CompletableFuture.completedFuture(null);
    }

    @AfterEach
    void closeReleasesEverything() {
        rounds.close();
        assertThat(rounds.keptCount()).isZero();
        for (ByteBuf f : frames) {
            assertThat(f.refCnt()).as("frame %s", FrameHeader.requestId(f)).isEqualTo(1);   // the test's own
            f.release();
        }
    }

    @Test
    void onlyBspTablesOfSeveralReplicasAreKept() {
        assertThat(RoundRetention.applies(DENSE)).isTrue();
        assertThat(RoundRetention.applies(DENSE.withReplicas(1))).isFalse();
        assertThat(RoundRetention.applies(new TableDescriptor(7, TableSpec.dense("w", 30), Consistency.ssp(1), 1,
                10, new int[] {0, 1, 2}, 2))).isFalse();
    }

    @Test
    void countsPushesPerChainOfTheRoundOnlyOnceEach() {
        // Round 4: a dense push of the whole table (one piece per slice), then one of slice 1 alone; and a sparse
        // push (table 9) cut into one frame for owner 2 and one for owner 0. Round 5: one piece, not counted in 4.
        for (int slice = 0; slice < 3; slice++) {
            answer(dense(slice, 4));
        }
        answer(dense(1, 4));
        answer(push(9, 2, 4, v -> 2));
        answer(push(9, 0, 4, v -> 0));
        answer(dense(0, 5));
        // A resend (after a newer layout) counts nothing more.
        view.set(view(2, 0, 2));
        rounds.onLayout(view.get());
        assertThat(resentIds).isNotEmpty();

        assertThat(clockBody(rounds.counts(4))).isEqualTo(Map.of("7/0", 1, "7/1", 2, "7/2", 1, "9/0", 1, "9/2", 1));
        assertThat(clockBody(rounds.counts(5))).isEqualTo(Map.of("7/0", 1));
        assertThat(clockBody(rounds.counts(6))).isEmpty();
        ByteBuf empty = rounds.counts(6).encode(ALLOC, 1, 7);
        assertThat(FrameHeader.bodyLength(empty)).isZero();   // the old CLOCK
        empty.release();
    }

    @Test
    void aPushTheServerRefusedIsNeitherCountedNorKept() {
        RoundRetention.Push refused = dense(0, 3);
        RoundRetention.Push gaveUp = dense(1, 3);
        refused.applyAsInt(view.get());
        refused.accept(null, new NonFiniteGradientException("NaN in the gradient"));
        gaveUp.applyAsInt(view.get());
        gaveUp.accept(null, new UnavailableException("no answer within the fail-over timeout"));   // may be summed
        assertThat(clockBody(rounds.counts(3))).isEqualTo(Map.of("7/1", 1));
        assertThat(rounds.keptCount()).isEqualTo(1);
    }

    @Test
    void releaseForgetsRoundsUpToItsArgumentOnly() {
        for (int round = 0; round < 4; round++) {
            answer(dense(round % 3, round));
            answer(push(9, 1, round, v -> 1));
        }
        assertThat(rounds.keptCount()).isEqualTo(8);
        rounds.release(1);   // a clock to 3 answered by every server
        assertThat(rounds.keptCount()).isEqualTo(4);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).refCnt()).as("frame %d", i).isEqualTo(i < 4 ? 1 : 2);
        }
        assertThat(clockBody(rounds.counts(1))).isEmpty();
        assertThat(clockBody(rounds.counts(2))).isEqualTo(Map.of("7/2", 1, "9/1", 1));
        rounds.release(1);
        assertThat(rounds.keptCount()).isEqualTo(4);
        rounds.release(3);
        assertThat(rounds.keptCount()).isZero();
    }

    @Test
    void aNewerLayoutResendsExactlyTheAnsweredPushesWhoseRouteChanged() {
        RoundRetention.Push p0 = dense(0, 2);
        RoundRetention.Push p1 = dense(1, 2);
        RoundRetention.Push p2 = dense(2, 2);
        RoundRetention.Push inFlight = dense(1, 2);
        answer(p0);
        answer(p1);
        answer(p2);
        assertThat(inFlight.applyAsInt(view.get())).isEqualTo(1);   // sent, not answered yet: Fanout's to resend

        view.set(view(2, 0, 2));   // server 1 leaves: slice 1 moves to server 2, slices 0 and 2 stay
        rounds.onLayout(view.get());
        assertThat(resentIds).containsExactly(p1.requestId);
        assertThat(resentTo).containsExactly(2);

        rounds.onLayout(view.get());   // the same layout again: nothing more
        assertThat(resentIds).hasSize(1);

        // The in-flight push was answered by server 1 after the layout moved it: resent once answered.
        inFlight.accept(ALLOC.buffer(0));
        assertThat(resentIds).containsExactly(p1.requestId, inFlight.requestId);
        // A push first sent under the new layout is not resent when answered.
        RoundRetention.Push late = dense(1, 3);
        answer(late);
        assertThat(resentIds).hasSize(2);

        // Server 1 back, server 0 out: slice 0 moves to 1; slice 1 goes back to 1 (it was last sent to 2).
        view.set(view(3, 1, 2));
        rounds.onLayout(view.get());
        assertThat(resentIds.subList(2, resentIds.size()))
                .containsExactlyInAnyOrder(p0.requestId, p1.requestId, inFlight.requestId, late.requestId);
        assertThat(resentTo.subList(2, resentTo.size())).containsOnly(1);

        // Released rounds are not resent.
        rounds.release(3);
        view.set(view(4, 0, 1, 2));
        rounds.onLayout(view.get());
        assertThat(resentIds).hasSize(6);
    }

    @Test
    void nothingIsKeptOrResentAfterClose() {
        RoundRetention.Push p = dense(1, 0);
        answer(p);
        rounds.close();
        answer(dense(1, 0));
        view.set(view(2, 0, 2));
        rounds.onLayout(view.get());
        assertThat(resentIds).isEmpty();
        assertThat(rounds.keptCount()).isZero();
    }

    /** A push piece of slice {@code slice} of the dense table, routed to its primary. */
    private RoundRetention.Push dense(int slice, int round) {
        return push(DENSE.id(), DENSE.owner(slice), round, v -> v.primaryOf(DENSE, slice));
    }

    private RoundRetention.Push push(int table, int owner, int round, ToIntFunction<ClusterView> route) {
        ByteBuf f = FrameHeader.finish(FrameHeader.allocate(ALLOC, MessageType.PUSH_DENSE, nextId++, table, round, 0));
        frames.add(f);
        return rounds.pushed(table, owner, round, f, route, ByteBuf::release);
    }

    /** What Fanout does with a piece answered at once: routes it under the latest view, then hands it the answer. */
    private void answer(RoundRetention.Push p) {
        p.applyAsInt(view.get());
        p.accept(ALLOC.buffer(0));
    }

    /** Each chain "table/owner" the CLOCK body announces, with its count, read back from the frame. */
    private static Map<String, Integer> clockBody(RoundRetention.Counts c) {
        ByteBuf f = c.encode(ALLOC, 1, 99);
        try {
            assertThat(RoundFrames.checkClock(f)).isNull();
            Map<String, Integer> m = new TreeMap<>();
            for (int i = 0; i < RoundFrames.clockEntries(f); i++) {
                m.put(RoundFrames.clockTable(f, i) + "/" + RoundFrames.clockOwner(f, i), RoundFrames.clockPushes(f, i));
            }
            return m;
        } finally {
            f.release();
        }
    }

    private static ClusterView view(int layoutEpoch, int... inService) {
        List<NodeAddress> servers = List.of(new NodeAddress(0, "h", 1), new NodeAddress(1, "h", 2),
                new NodeAddress(2, "h", 3));
        return new ClusterView(layoutEpoch, servers, new int[] {0}, 1, Consistency.bsp(), 16, layoutEpoch, inService,
                3000);
    }
}
