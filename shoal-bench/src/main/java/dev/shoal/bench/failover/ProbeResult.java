package dev.shoal.bench.failover;

import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.json.Json;

/**
 * What the fail-over probe saw: the longest wait between two acknowledged pushes, and the usual one.
 *
 * <pre>{@code
 * ProbeResult r = ProbeResult.of(completionMicros, pushes, client.view().layoutEpoch());   // in the probe
 * status.update(s -> s.done(NodeStatusFile.parseTree(r.toJson())));
 * ProbeResult back = ProbeResult.parse(doneStatus.result().toString());                    // in the harness
 * }</pre>
 *
 * @param pushes                pushes acknowledged
 * @param largestGapStartMicros completion (epoch microseconds) of the push before the longest gap
 * @param largestGapEndMicros   completion of the push after it: the first one acknowledged after the gap
 * @param medianGapMicros       median time between consecutive completions, the normal round trip
 * @param layoutEpoch           the client's layout epoch when it stopped pushing
 */
public record ProbeResult(int pushes, long largestGapStartMicros, long largestGapEndMicros, long medianGapMicros,
                          int layoutEpoch) {

    public ProbeResult {
        if (pushes < 2 || largestGapEndMicros < largestGapStartMicros) {
            throw new IllegalArgumentException("a probe result needs 2 pushes or more and a gap that ends after it "
                    + "starts, got " + pushes + " pushes and " + largestGapStartMicros + ".." + largestGapEndMicros);
        }
    }

    /**
     * The result of {@code count} push completions, in time order, in {@code completionMicros[0..count)}.
     *
     * @throws IllegalArgumentException with fewer than 2 completions, which have no gap
     */
    public static ProbeResult of(long[] completionMicros, int count, int layoutEpoch) {
        if (count < 2) {
            throw new IllegalArgumentException("need 2 push completions or more for a gap, got " + count);
        }
        double[] gaps = new double[count - 1];
        int largest = 0;
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = completionMicros[i] - completionMicros[i - 1];
            if (gaps[i - 1] > gaps[largest]) {
                largest = i - 1;
            }
        }
        return new ProbeResult(count, completionMicros[largest], completionMicros[largest + 1],
                Math.round(Spread.quantile(gaps, 0.5)), layoutEpoch);
    }

    public long largestGapMicros() {
        return largestGapEndMicros - largestGapStartMicros;
    }

    /** One line of JSON, written by {@link Json}. */
    public String toJson() {
        return Json.compact(this);
    }

    public static ProbeResult parse(String json) {
        return Json.read(json, ProbeResult.class);
    }
}
