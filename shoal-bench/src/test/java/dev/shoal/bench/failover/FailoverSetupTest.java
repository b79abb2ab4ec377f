package dev.shoal.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailoverSetupTest {
    private static final Duration SIX = Duration.ofSeconds(6);

    @Test
    void aTableTooSmallToSpanEveryServerIsRefusedSayingHowLargeItMustBe() {
        assertThatThrownBy(() -> new FailoverSetup(3, 20, 100_000, SIX, 1))
                .hasMessage("--size 100000 is cut into fewer slices than there are servers, so a kill might miss "
                        + "every primary; give at least 196608 bytes");
        assertThat(new FailoverSetup(3, 20, 196_608, SIX, 1).floats()).isEqualTo(49_152);
    }

    @Test
    void oneServerCannotFailOver() {
        assertThatThrownBy(() -> new FailoverSetup(1, 20, 3 << 20, SIX, 1)).hasMessageStartingWith("--servers must "
                + "be at least 2");
    }

    @Test
    void theProbeMustOutlastTheSettlingBeforeTheKill() {
        assertThatThrownBy(() -> new FailoverSetup(3, 20, 3 << 20, Duration.ofMillis(900), 1))
                .hasMessage("--seconds must be at least 1: the kill comes 0.5 s into it, got 0.9");
    }

    @Test
    void theSeedFixesWhichServersAreKilled() {
        FailoverSetup setup = new FailoverSetup(3, 20, 3 << 20, SIX, 7);
        Random a = setup.victims();
        Random b = setup.victims();
        String[] first = IntStream.range(0, 20).mapToObj(i -> setup.victim(a)).toArray(String[]::new);
        assertThat(IntStream.range(0, 20).mapToObj(i -> setup.victim(b))).containsExactly(first);
        assertThat(first).contains("server-0", "server-1", "server-2").allMatch(v -> v.matches("server-[0-2]"));
    }
}
