package dev.shoal.bench.pushpull;

import dev.shoal.bench.json.JsonParser;
import dev.shoal.bench.json.JsonWriter;
import dev.shoal.transport.stats.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
public record OpMeasurements(List<RunFigures> runs, LatencyHistogram latency) {

    public OpMeasurements {
        runs = List.copyOf(runs);
    }

    void writeTo(JsonWriter w) {
        w.beginObject().name("runs").beginArray();
        for (RunFigures r : runs) {
            w.beginObject().name("ops").value(r.ops()).name("bytes").value(r.bytes()).name("nanos").value(r.nanos())
                    .endObject();
        }
        w.endArray().name("latency").array(latency.toPairs()).endObject();
    }

    static OpMeasurements readFrom(Map<String, Object> o) {
        List<RunFigures> runs = new ArrayList<>();
        for (Object r : JsonParser.listOf(o, "runs")) {
            Map<String, Object> m = JsonParser.object(r);
            runs.add(new RunFigures(JsonParser.longOf(m, "ops"), JsonParser.longOf(m, "bytes"),
                    JsonParser.longOf(m, "nanos")));
        }
        return new OpMeasurements(runs, LatencyHistogram.fromPairs(JsonParser.longsOf(o, "latency")));
    }
}
