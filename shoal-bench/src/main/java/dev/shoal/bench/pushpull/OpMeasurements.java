package dev.shoal.bench.pushpull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.shoal.transport.stats.LatencyHistogram;
import java.util.List;

/**
 * Everything one worker measured for one operation: per-run totals and the latencies of all runs together.
 *
 * <pre>{@code
 * OpMeasurements push = new OpMeasurements(List.of(new RunFigures(100, 419430400, 1_000_000_000L)), histogram);
 * }</pre>
 *
 * <p>In JSON ({@link WorkerResult}'s line) it is {@code {"runs":[{"ops":..,"bytes":..,"nanos":..}],"latency":[..]}},
 * the latency as the histogram's (bucket, count) pairs.
 *
 * @param runs    one entry per timed run, in order
 * @param latency every request's latency over all runs
 */
public record OpMeasurements(List<RunFigures> runs, LatencyHistogram latency) {

    public OpMeasurements {
        runs = List.copyOf(runs);
    }

    /** The JSON form: the runs, and the latencies as (bucket, count) pairs. */
    record Wire(List<RunFigures> runs, long[] latency) {
    }

    @JsonValue
    Wire wire() {
        return new Wire(runs, latency.toPairs());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OpMeasurements of(Wire w) {
        return new OpMeasurements(w.runs(), LatencyHistogram.fromPairs(w.latency()));
    }
}
