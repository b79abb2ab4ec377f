package dev.shoal.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ReadGateTest {

    @Test
    void holdStopsReadingUntilEveryHoldIsReleased() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(ch.config().isAutoRead()).isTrue();

        ReadGate.hold(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();

        ReadGate.hold(ch);
        ReadGate.release(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).as("one hold left").isFalse();

        ReadGate.release(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void extraReleasesDoNotBankCredit() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ReadGate.release(ch);
        ReadGate.release(ch);
        ReadGate.hold(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).as("a hold after spurious releases still holds").isFalse();
        ReadGate.release(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void anUnwritableChannelIsNotReadEvenWithoutHolds() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(new byte[64])); // queued, not flushed: above the high-water mark
        assertThat(ch.isWritable()).isFalse();
        ReadGate.update(ch);
        assertThat(ch.config().isAutoRead()).isFalse();

        // a release while backed up must not resume reading
        ReadGate.hold(ch);
        ReadGate.release(ch);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();

        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        ReadGate.update(ch);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }
}
