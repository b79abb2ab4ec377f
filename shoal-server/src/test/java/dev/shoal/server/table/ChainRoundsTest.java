package dev.shoal.server.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round mechanism on its own, with a sum that records what it was asked to apply. */
class BspRoundsTest {
    private final RecordingSum even = new RecordingSum();
    private final RecordingSum odd = new RecordingSum();
    private final BspRounds<RecordingSum> rounds = new BspRounds<>("'t'", even, odd, 0);

    /** Adds {@code value} as {@code worker}'s contribution to {@code round}. */
    private void push(int round, int worker, float value) {
        RecordingSum sum = rounds.enter(round, worker);
        try {
            sum.total += value;
        } finally {
            rounds.exit();
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
        push(0, 0, 1f);
        push(0, 1, 3f);
        push(1, 0, 10f);           // one round ahead: summed apart
        rounds.close(0, live(0, 1));
        assertThat(even.applied).containsExactly(4f * 0.5f);
        assertThat(odd.applied).isEmpty();
        push(1, 1, 20f);
        push(2, 0, 100f);          // round 2 reuses round 0's storage, now applied
        rounds.close(1, live(0, 1));
        assertThat(odd.applied).containsExactly(30f * 0.5f);
        assertThat(even.total).isEqualTo(100f);
    }

    @Test
    void aRoundClosedTwiceIsAppliedOnce() {
        push(0, 0, 2f);
        rounds.close(0, live(0));
        rounds.close(0, live(0));
        assertThat(even.applied).containsExactly(2f);
    }

    @Test
    void aPushForAnAppliedRoundIsRefusedAsStaleAndCountsForNothing() {
        push(0, 0, 2f);
        rounds.close(0, live(0, 1));
        assertThatThrownBy(() -> push(0, 1, 5f)).isInstanceOf(ShoalException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.STALE_PUSH))
                .hasMessageContaining("clock 0").hasMessageContaining("'t'");
        assertThat(even.total).isZero();
        push(2, 0, 4f);            // the refused worker did not become a contributor of round 2
        rounds.close(1, live(0));
        rounds.close(2, live(0));
        assertThat(even.applied).containsExactly(2f * 0.5f, 4f);
    }

    @Test
    void aWorkerThatContributedAndDiedStillCountsInTheAverage() {
        push(0, 0, 2f);
        push(0, 1, 4f);
        rounds.close(0, live(0));  // worker 1 was declared dead after pushing
        assertThat(even.applied).containsExactly(3f);
    }

    @Test
    void aPushTwoRoundsAheadIsRefusedWhileItsStorageIsBeingApplied() {
        List<Throwable> refused = new ArrayList<>();
        List<BspRounds<RecordingSum>> self = new ArrayList<>();
        RecordingSum applying = new RecordingSum() {
            @Override
            public void applyAverage(float scale) {
                // Called during close(0), outside its lock: round 2 would share this storage.
                try {
                    self.getFirst().enter(2, 0);
                    self.getFirst().exit();
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
                super.applyAverage(scale);
            }
        };
        BspRounds<RecordingSum> r = new BspRounds<>("'t'", applying, new RecordingSum(), 0);
        self.add(r);
        RecordingSum s = r.enter(0, 0);
        r.exit();
        s.total = 1f;
        r.close(0, live(0));
        assertThat(refused).singleElement().asString().contains("more than one round ahead");
        r.enter(2, 0);             // once applied, round 2 may start
        r.exit();
    }

    @Test
    void aTableCreatedAfterSomeRoundsStartsAtTheFirstOpenOne() {
        BspRounds<RecordingSum> late = new BspRounds<>("'late'", new RecordingSum(), new RecordingSum(), 5);
        assertThatThrownBy(() -> late.enter(4, 0)).isInstanceOf(ShoalException.class);
        late.enter(5, 0);
        late.exit();
        late.enter(6, 0);
        late.exit();
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
    }
}
