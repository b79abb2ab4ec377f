package dev.shoal.bench.pushpull;

import dev.shoal.bench.json.JsonParser;
import dev.shoal.bench.json.JsonWriter;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one worker measured for one operation: per-run totals and the latencies of all runs together.
 *
 * <pre>{@code
 * OpMeasurements push = new OpMeasurements(List.of(new RunFigures(100, 419430400, 1_000_000_000L)), histogram);
 * }</pre>
 *
 * @param runs    one entry per timed run, in order
 * @param latency every request's latency over all runs
 */
public record OpMeasurements(List<RunFigures> runs, Histogram latency) {

    public OpMeasurements {
        runs = List.copyOf(runs);
    }

    void writeTo(JsonWriter w) {
        w.beginObject().name("runs").beginArray();
        for (RunFigures r : runs) {
            w.beginObject().name("ops").value(r.ops()).name("bytes").value(r.bytes()).name("nanos").value(r.nanos())
                    .endObject();
        }
        // HdrHistogram's compressed base64 form: the whole distribution, so the parent merges workers exactly.
        w.endArray().name("latency").value(LatencyHistograms.encode(latency)).endObject();
    }

    static OpMeasurements readFrom(Map<String, Object> o) {
        List<RunFigures> runs = new ArrayList<>();
        for (Object r : JsonParser.listOf(o, "runs")) {
            Map<String, Object> m = JsonParser.object(r);
            runs.add(new RunFigures(JsonParser.longOf(m, "ops"), JsonParser.longOf(m, "bytes"),
                    JsonParser.longOf(m, "nanos")));
        }
        return new OpMeasurements(runs, LatencyHistograms.decode(JsonParser.stringOf(o, "latency")));
    }
}
