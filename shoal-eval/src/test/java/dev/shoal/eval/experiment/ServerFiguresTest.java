package dev.shoal.eval.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.metrics.ServerStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFiguresTest {

    @Test
    void readsBodyBytesAndEveryStalenessGapFromAServersStats() throws IOException {
        List<Long> servedAt = new ArrayList<>(Collections.nCopies(33, 0L));
        servedAt.set(0, 1L);
        servedAt.set(2, 2L);
        ServerStats stats = new ServerStats(ServerStats.SCHEMA, 0, 12, 0, List.of(
                new ServerStats.Requests("PUSH_DENSE", 1, "w", 2, 1024 + 2 * 24, 2 * 24),
                new ServerStats.Requests("PULL_DENSE", 1, "w", 4, 4 * 24 + 4 * 8, 2000 + 4 * 24),
                new ServerStats.Requests("CLOCK", null, null, 3, 3 * 24, 3 * 24)),
                Map.of(), new ServerStats.Staleness(servedAt, 1, 50), List.of());
        // Through the JSON the endpoint serves, as the harness reads it.
        ServerFigures.Figures f = ServerFigures.read(ServerStats.parse(stats.toJson()));
        assertThat(f.pushBytes()).isEqualTo(1024);
        assertThat(f.pullBytes()).isEqualTo(2000);
        assertThat(f.bytes()).isEqualTo(3024);
        assertThat(f.staleness()[0]).isEqualTo(1);
        assertThat(f.staleness()[2]).isEqualTo(2);
        assertThat(f.staleness()[ServerFigures.STALENESS_CELLS - 1]).isEqualTo(1);
        assertThat(f.maxStaleness()).isEqualTo(50);
        long[] merged = ServerFigures.mergedStaleness(List.of(f, f));
        assertThat(merged[2]).isEqualTo(4);
    }

    @Test
    void aServerThatServedNoPullHasNoMaximum() {
        ServerStats stats = new ServerStats(ServerStats.SCHEMA, 0, null, 0, List.of(), Map.of(),
                new ServerStats.Staleness(Collections.nCopies(33, 0L), 0, -1), List.of());
        assertThat(ServerFigures.read(stats).maxStaleness()).isEqualTo(-1);
    }
}
