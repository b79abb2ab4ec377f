package dev.shoal.server.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The rounds of one chain on their own, with a sum that records what it was asked to apply and a closer whose
 * copies to the backups the test acknowledges by hand.
 */
class ChainRoundsTest {
    private final RecordingSum even = new RecordingSum();
    private final RecordingSum odd = new RecordingSum();
    private final List<CompletableFuture<Void>> copies = new ArrayList<>();
    private final List<Float> scales = new ArrayList<>();
    private final List<long[]> copiedIds = new ArrayList<>();
    /** The server's applied request ids, as the chain hands them over at each close. */
    private final LongOpenHashSet applied = new LongOpenHashSet();
    private final RoundServices services = new RoundServices(RoundCopier.NONE, () -> { }, id -> { },
            applied::contains, ids -> applied.addAll(LongArrayList.wrap(ids)));
    private boolean backups;
    private int commits;
    private final ChainRounds<RecordingSum> rounds = chain(0, true);

    private ChainRounds<RecordingSum> chain(int firstRound, boolean synced) {
        return new ChainRounds<>(3, "'t'", even, odd, firstRound, synced, (owner, round, scale, ids, sum) -> {
            scales.add(scale);
            copiedIds.add(ids);
            sum.applyAverage(scale);
            CompletableFuture<Void> held = backups ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            copies.add(held);
            return held;
        }, owner -> commits++, services);
    }

    private long nextId = 100;

    /** Adds {@code value} as {@code worker}'s contribution to {@code round}. */
    private void push(ChainRounds<RecordingSum> c, int round, int worker, float value) {
        RecordingSum sum = c.enter(round, worker, nextId++);
        try {
            sum.total += value;
        } finally {
            c.exit(round);
        }
    }

    private static BitSet live(int... workers) {
        BitSet b = new BitSet();
        for (int w : workers) {
            b.set(w);
        }
        return b;
    }

    @Test
    void roundsAlternateBetweenTheTwoSumsByParityAndEachIsAveragedOverItsWorkers() {
        rounds.setPrimary(true);
        push(rounds, 0, 0, 1f);
        push(rounds, 0, 1, 3f);
        push(rounds, 1, 0, 10f);           // one round ahead: summed apart
        rounds.gateMoved(1, live(0, 1));
        assertThat(even.applied).containsExactly(4f * 0.5f);
        assertThat(odd.applied).isEmpty();
        push(rounds, 1, 1, 20f);
        push(rounds, 2, 0, 100f);          // round 2 reuses round 0's storage, now applied
        rounds.gateMoved(2, live(0, 1));
        assertThat(odd.applied).containsExactly(30f * 0.5f);
        assertThat(even.total).isEqualTo(100f);
        assertThat(rounds.committed()).isEqualTo(2);
        assertThat(copiedIds.getFirst()).containsExactly(100, 101);
    }

    @Test
    void aRoundClosesOnlyOnceEveryAnnouncedPushHasArrived() {
        rounds.setPrimary(true);
        rounds.announce(0, 0, 2);
        rounds.announce(1, 0, 1);
        push(rounds, 0, 0, 1f);
        push(rounds, 0, 1, 2f);
        rounds.gateMoved(1, live(0, 1));
        assertThat(even.applied).as("worker 0 said it sent two pushes; one is still missing").isEmpty();
        push(rounds, 0, 0, 4f);            // the resent push arrives
        rounds.tryClose();
        assertThat(even.applied).containsExactly(7f * 0.5f);
    }

    @Test
    void aDeadWorkersAnnouncedPushesAreNotWaitedFor() {
        rounds.setPrimary(true);
        rounds.announce(1, 0, 1);
        push(rounds, 0, 0, 2f);
        rounds.gateMoved(1, live(0, 1));
        assertThat(even.applied).isEmpty();
        rounds.gateMoved(1, live(0));      // worker 1 was declared dead
        assertThat(even.applied).containsExactly(2f);
    }

    @Test
    void aRoundIsCommittedWhenItsBackupsHoldItAndTheNextClosesOnlyThen() {
        backups = true;
        rounds.setPrimary(true);
        push(rounds, 0, 0, 1f);
        push(rounds, 1, 0, 2f);
        assertThat(rounds.accepts(2)).isFalse();
        rounds.gateMoved(2, live(0));
        assertThat(even.applied).containsExactly(1f);
        assertThat(odd.applied).as("round 1 waits for round 0 to be held by the backups").isEmpty();
        assertThat(rounds.committed()).isZero();
        assertThat(rounds.appliedBefore(1)).isTrue();
        copies.getFirst().complete(null);
        assertThat(rounds.committed()).isEqualTo(1);
        assertThat(commits).as("told at the apply of round 0, its commit, the apply of round 1").isEqualTo(3);
        assertThat(odd.applied).containsExactly(2f);
        assertThat(rounds.accepts(2)).isTrue();
        copies.get(1).complete(null);
        assertThat(rounds.committed()).isEqualTo(2);
    }

    @Test
    void aPushForAnAppliedRoundIsRefusedAsStaleAndCountsForNothing() {
        rounds.setPrimary(true);
        push(rounds, 0, 0, 2f);
        rounds.gateMoved(1, live(0, 1));
        assertThatThrownBy(() -> push(rounds, 0, 1, 5f)).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.STALE_PUSH))
                .hasMessageContaining("clock 0").hasMessageContaining("'t'");
        assertThat(even.total).isZero();
    }

    @Test
    void aServerThatIsNotPrimaryRefusesPushesAndLosingTheRoleDropsOpenRounds() {
        assertThat(rounds.accepts(5)).as("not the primary: refused at once, never parked").isTrue();
        assertThat(rounds.appliedBefore(5)).isTrue();
        assertThatThrownBy(() -> push(rounds, 0, 0, 1f)).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.NOT_OWNER));
        rounds.setPrimary(true);
        push(rounds, 0, 0, 1f);
        push(rounds, 1, 0, 2f);
        rounds.setPrimary(false);
        assertThat(even.total).isZero();
        assertThat(odd.total).isZero();
        assertThat(applied).as("open rounds' ids are never the server's").isEmpty();
        rounds.setPrimary(true);           // primary again: the round is collected again from resent pushes
        push(rounds, 0, 0, 1f);
        rounds.gateMoved(1, live(0));
        assertThat(even.applied).containsExactly(1f);
    }

    @Test
    void aResentPushIsSummedOnceAndOnceItsRoundClosedIsKnownAsApplied() {
        rounds.setPrimary(true);
        RecordingSum first = rounds.enter(0, 0, 7L);
        first.total += 5f;
        rounds.exit(0);
        assertThat(rounds.enter(0, 0, 7L)).as("the same request again, round open").isNull();
        rounds.exit(0);
        rounds.gateMoved(1, live(0));
        assertThat(even.applied).containsExactly(5f);
        assertThat(applied.contains(7L)).isTrue();
        assertThat(rounds.enter(0, 0, 7L)).as("the same request again, round closed").isNull();
        rounds.exit(0);
        assertThatThrownBy(() -> rounds.enter(0, 0, 8L)).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.STALE_PUSH));
    }

    @Test
    void aBackupAppliesACopiedRoundOnceAndSkipsARoundItAppliedAsPrimary() {
        RecordingSum s = rounds.enterCopy(0, 1);
        s.total += 6f;
        rounds.exitCopy();
        rounds.applyCopiedClose(0, 0.5f);
        assertThat(even.applied).containsExactly(3f);
        assertThat(rounds.committed()).isEqualTo(1);
        assertThatThrownBy(() -> rounds.enterCopy(2, 1)).isInstanceOf(ShoalException.class)
                .hasMessageContaining("before round 1, the first not applied here");
        // Primary for a while: round 1 applied here, then the role moved back before it was copied.
        rounds.setPrimary(true);
        push(rounds, 1, 0, 8f);
        backups = true;
        rounds.gateMoved(2, live(0));
        assertThat(odd.applied).containsExactly(8f);
        rounds.setPrimary(false);
        assertThat(rounds.enterCopy(1, 1)).as("round 1 is applied here already").isNull();
        rounds.applyCopiedClose(1, 1f);
        assertThat(odd.applied).containsExactly(8f);
        assertThat(rounds.committed()).isEqualTo(2);
    }

    @Test
    void aRoundCopiedAgainUnderANewerLayoutStartsItsSumOver() {
        RecordingSum s = rounds.enterCopy(0, 4);
        s.total += 6f;                     // the first try's sum got here, its close was refused
        rounds.exitCopy();
        s = rounds.enterCopy(0, 5);        // the whole round again, under the next layout
        s.total += 6f;
        rounds.exitCopy();
        rounds.applyCopiedClose(0, 0.5f);
        assertThat(even.applied).containsExactly(3f);
    }

    @Test
    void aRejoiningServerSkipsCopiesUntilItsPrimarysStateArrives() {
        ChainRounds<RecordingSum> joining = chain(0, false);
        assertThat(joining.enterCopy(57, 1)).isNull();
        joining.applyCopiedClose(57, 0.5f);
        assertThat(even.applied).isEmpty();
        joining.restore(58);
        joining.announce(0, 58, 2);
        RecordingSum s = joining.enterCopy(58, 1);
        s.total += 4f;
        joining.exitCopy();
        joining.applyCopiedClose(58, 0.25f);
        assertThat(even.applied).containsExactly(1f);
        assertThat(joining.committed()).isEqualTo(59);
    }

    @Test
    void anExportBetweenRoundsNamesTheAppliedRoundsTheAnnouncementsAndTheOpenIds() {
        rounds.setPrimary(true);
        rounds.announce(0, 0, 1);
        rounds.announce(0, 1, 2);
        push(rounds, 1, 0, 1f);
        push(rounds, 0, 0, 1f);
        rounds.gateMoved(1, live(0));
        List<String> seen = new ArrayList<>();
        rounds.exportBetweenRounds((applied, r, w, p, n, open) -> {
            seen.add("applied " + applied + ", " + n + " announced: round " + r[0] + " worker " + w[0] + " pushes "
                    + p[0] + ", open ids " + java.util.Arrays.toString(open));
        });
        assertThat(seen).containsExactly("applied 1, 1 announced: round 1 worker 0 pushes 2, open ids [100]");
    }

    private static class RecordingSum implements RoundSum {
        float total;
        final List<Float> applied = new ArrayList<>();

        @Override
        public void applyAverage(float scale) {
            if (total != 0f) {
                applied.add(total * scale);
            }
            total = 0f;
        }

        @Override
        public void clear() {
            total = 0f;
        }

        @Override
        public void copyTo(ByteBufAllocator alloc, int tableId, int round, LongSupplier ids, Consumer<ByteBuf> out) {
        }
    }
}
