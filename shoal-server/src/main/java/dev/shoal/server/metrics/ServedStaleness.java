package dev.shoal.server.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * How stale the values a server served were, exactly: pulls per whole clock of staleness 0..{@value #MAX_CELL},
 * the number beyond, and the largest ever served (not a decaying window maximum, as Micrometer's is).
 *
 * <pre>{@code
 * ServedStaleness s = new ServedStaleness();
 * s.record(2);
 * ServerStats.Staleness figures = s.snapshot();   // servedAt.get(2) == 1, max == 2
 * }</pre>
 */
final class ServedStaleness {
    /** The largest staleness with its own cell; the same as the Prometheus histogram's last bucket. */
    static final int MAX_CELL = ServerMetrics.MAX_STALENESS_BUCKET;
    private final LongAdder[] cells = new LongAdder[MAX_CELL + 1];
    private final LongAdder beyond = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, -1);

    ServedStaleness() {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new LongAdder();
        }
    }

    /** One pull served {@code clocks} clocks stale (0 when not behind). */
    void record(long clocks) {
        if (clocks <= MAX_CELL) {
            cells[(int) clocks].increment();
        } else {
            beyond.increment();
        }
        max.accumulate(clocks);
    }

    ServerStats.Staleness snapshot() {
        List<Long> servedAt = new ArrayList<>(cells.length);
        for (LongAdder c : cells) {
            servedAt.add(c.sum());
        }
        return new ServerStats.Staleness(servedAt, beyond.sum(), max.get());
    }
}
