package dev.shoal.bench.pushpull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Everything one worker measured for one operation: per-run totals and the latencies of all runs together.
 *
 * <pre>{@code
 * OpMeasurements push = new OpMeasurements(List.of(new RunFigures(100, 419430400, 1_000_000_000L)), histogram);
 * }</pre>
 *
 * <p>In JSON ({@link WorkerResult}) it is {@code {"runs":[{"ops":..,"bytes":..,"nanos":..}],"latency":"HISTF..."}},
 * the latency in HdrHistogram's compressed base64 form.
 *
 * @param runs    one entry per timed run, in order
 * @param latency every request's latency over all runs
 */
public record OpMeasurements(List<RunFigures> runs, Histogram latency) {

    public OpMeasurements {
        runs = List.copyOf(runs);
    }

    /**
     * The JSON form: the runs, and the latencies in HdrHistogram's compressed base64 form (the whole distribution,
     * so the parent merges workers exactly).
     */
    record Wire(List<RunFigures> runs, String latency) {
    }

    @JsonValue
    Wire wire() {
        return new Wire(runs, LatencyHistograms.encode(latency));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OpMeasurements of(Wire w) {
        return new OpMeasurements(w.runs(), LatencyHistograms.decode(w.latency()));
    }
}
