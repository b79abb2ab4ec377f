package dev.shoal.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The request ids a server has applied: claimed before a push is applied, committed (and only then in the snapshot
 * a rejoining replica takes) once it is, forgotten when it was refused, and dropped oldest first past the capacity.
 */
class DedupWindowTest {

    @Test
    void aClaimedIdIsARepeatButEntersTheSnapshotOnlyOnceCommitted() {
        DedupWindow w = new DedupWindow(4);
        assertThat(w.firstTime(7)).isTrue();
        assertThat(w.firstTime(7)).as("a repeat while the first is being applied").isFalse();
        assertThat(w.snapshot()).isEmpty();
        w.commit(7);
        assertThat(w.snapshot()).containsExactly(7L);
        assertThat(w.firstTime(7)).isFalse();
    }

    @Test
    void aRefusedPushIsForgottenSoThatItsRetryApplies() {
        DedupWindow w = new DedupWindow(4);
        assertThat(w.firstTime(9)).isTrue();
        w.forget(9);
        assertThat(w.firstTime(9)).isTrue();
    }

    @Test
    void theOldestCommittedIdsDropOutPastTheCapacityAndTheSnapshotKeepsTheirOrder() {
        DedupWindow w = new DedupWindow(3);
        for (long id = 1; id <= 5; id++) {
            assertThat(w.firstTime(id)).isTrue();
            w.commit(id);
        }
        assertThat(w.snapshot()).containsExactly(3L, 4L, 5L);
        assertThat(w.firstTime(1)).as("dropped out of the window").isTrue();
        assertThat(w.firstTime(5)).isFalse();
    }

    @Test
    void idsTakenFromAPrimaryAreKnownAndCommitted() {
        DedupWindow w = new DedupWindow(8);
        w.addAll(new long[] {11, 12, 13}, 2);
        assertThat(w.firstTime(11)).isFalse();
        assertThat(w.firstTime(13)).isTrue();
        assertThat(w.snapshot()).containsExactly(11L, 12L);
    }
}
