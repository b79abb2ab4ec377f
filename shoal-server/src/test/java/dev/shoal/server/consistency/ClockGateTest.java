package dev.shoal.server.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.table.Consistency;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockGateTest {
    private final List<int[]> rounds = new ArrayList<>();
    private int moves;
    private final ClockGate gate = new ClockGate(new ClockGate.RoundListener() {
        @Override
        public void roundsCompleted(int from, int to, BitSet live) {
            rounds.add(new int[] {from, to, live.cardinality()});
        }

        @Override
        public void gateMoved() {
            moves++;
        }
    });

    @Test
    void nothingGatedOpensBeforeTheFirstView() {
        assertThat(gate.mayPull(Consistency.bsp(), 0)).isFalse();
        assertThat(gate.mayPull(Consistency.ssp(3), 0)).isFalse();
        assertThat(gate.mayPull(Consistency.asp(), 100)).isTrue();
        gate.onView(new int[] {0, 1});
        assertThat(gate.mayPull(Consistency.bsp(), 0)).isTrue();
        assertThat(gate.mayPull(Consistency.bsp(), 1)).isFalse();
    }

    @Test
    void bspRoundCompletesWhenTheSlowestLiveWorkerClocks() {
        gate.onView(new int[] {0, 1, 2});
        gate.onClock(0, 1);
        gate.onClock(1, 1);
        assertThat(rounds).isEmpty();
        assertThat(gate.mayPull(Consistency.bsp(), 1)).isFalse();
        gate.onClock(2, 1);
        assertThat(rounds).containsExactly(new int[] {0, 1, 3});
        assertThat(gate.mayPull(Consistency.bsp(), 1)).isTrue();
        assertThat(gate.min()).isEqualTo(1);
    }

    @Test
    void clocksThatArriveBeforeTheFirstViewStillCompleteTheirRounds() {
        gate.onClock(0, 2);
        gate.onClock(1, 1);
        assertThat(rounds).isEmpty();
        gate.onView(new int[] {0, 1});
        assertThat(rounds).containsExactly(new int[] {0, 1, 2});
        assertThat(gate.min()).isEqualTo(1);
    }

    @Test
    void sspPullWaitsOnlyBeyondTheBound() {
        gate.onView(new int[] {0, 1});
        gate.onClock(0, 3);
        assertThat(gate.mayPull(Consistency.ssp(3), 3)).isTrue();
        assertThat(gate.mayPull(Consistency.ssp(2), 3)).isFalse();
    }

    @Test
    void aDeadWorkerStopsHoldingTheOthersBack() {
        gate.onView(new int[] {0, 1});
        gate.onClock(0, 2);
        assertThat(gate.min()).isZero();
        gate.onView(new int[] {0});
        assertThat(gate.min()).isEqualTo(2);
        assertThat(rounds).containsExactly(new int[] {0, 2, 1});
        assertThat(moves).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onceEveryWorkerHasLeftTheReportedMinIsTheLastOneTheyReached() {
        assertThat(gate.lastLiveMin()).as("before the first view").isEqualTo(Integer.MIN_VALUE);
        gate.onView(new int[] {0, 1});
        gate.onClock(0, 5);
        gate.onClock(1, 4);
        gate.onView(new int[] {0});
        assertThat(gate.lastLiveMin()).isEqualTo(5);
        gate.onView(new int[0]);
        assertThat(gate.min()).as("nobody left to wait for: every gate opens").isEqualTo(Integer.MAX_VALUE);
        assertThat(gate.lastLiveMin()).isEqualTo(5);
        assertThat(rounds).as("no round completes for nobody")
                .containsExactly(new int[] {0, 4, 2}, new int[] {4, 5, 1});
    }

    @Test
    void bspPushMayRunOneRoundAheadOnly() {
        gate.onView(new int[] {0, 1});
        assertThat(gate.mayAccumulate(0)).isTrue();
        assertThat(gate.mayAccumulate(1)).isTrue();
        assertThat(gate.mayAccumulate(2)).isFalse();
    }
}
