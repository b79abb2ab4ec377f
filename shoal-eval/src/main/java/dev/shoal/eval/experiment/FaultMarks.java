package dev.shoal.eval.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fault times on a run's time axis: seconds since training started, in order, none before the start.
 *
 * <pre>{@code
 * List<Double> x = FaultMarks.secondsSince(start, List.of(start.plusMillis(5300)));   // [5.3]
 * List<Double> shown = FaultMarks.within(x, 12.0);                                    // those up to 12 s
 * }</pre>
 */
final class FaultMarks {
    private FaultMarks() {
    }

    /** Each instant as seconds since {@code start}, sorted; instants before {@code start} are left out. */
    static List<Double> secondsSince(Instant start, List<Instant> at) {
        return at.stream().map(t -> Duration.between(start, t).toNanos() / 1e9).filter(s -> s >= 0).sorted()
                .toList();
    }

    /** The marks no later than {@code end} seconds: a kill after the last evaluation has no curve to mark. */
    static List<Double> within(List<Double> marks, double end) {
        return marks.stream().filter(s -> s <= end).toList();
    }
}
