package dev.shoal.transport.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shoal.protocol.frame.MessageType;
import org.junit.jupiter.api.Test;

class LatencyByTypeTest {

    @Test
    void eachTypeKeepsItsOwnDurations() {
        LatencyByType t = new LatencyByType();
        t.record(MessageType.PUSH_DENSE.id, 100);
        t.record(MessageType.PUSH_DENSE.id, 300);
        t.record(MessageType.PULL_SPARSE.id, 50);
        assertThat(t.count(MessageType.PUSH_DENSE)).isEqualTo(2);
        assertThat(t.count(MessageType.PULL_SPARSE)).isEqualTo(1);
        assertThat(t.count(MessageType.CLOCK)).isZero();

        LatencyHistogram pushes = new LatencyHistogram();
        t.mergeInto(MessageType.PUSH_DENSE, pushes);
        t.mergeInto(MessageType.CLOCK, pushes);   // nothing recorded: adds nothing
        assertThat(pushes.count()).isEqualTo(2);
        assertThat(pushes.percentile(0)).isEqualTo(100);
        assertThat(pushes.percentile(1)).isCloseTo(300, within(300 * 0.016));
    }
}
