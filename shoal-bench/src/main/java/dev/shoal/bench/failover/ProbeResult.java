package dev.shoal.bench.failover;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.json.Json;

/**
 * What the fail-over probe saw: the wait that ended with the first push acknowledged under a new layout, its
 * longest wait, and the usual one.
 *
 * <pre>{@code
 * ProbeResult r = ProbeResult.of(completionMicros, epochs, pushes);           // in the probe
 * status.update(s -> s.done(NodeStatusFile.parseTree(r.toJson())));
 * ProbeResult back = ProbeResult.parse(doneStatus.result().toString());       // in the harness
 * }</pre>
 *
 * @param pushes          pushes acknowledged
 * @param medianGapMicros median time between consecutive acknowledgements: the normal round trip
 * @param layoutEpoch     the client's layout epoch when it stopped pushing
 * @param largestGap      the longest wait between two acknowledgements
 * @param failoverGap     the wait ending with the first acknowledgement the probe saw under a newer layout epoch
 *                        than its first one; null if the layout never changed
 */
public record ProbeResult(int pushes, long medianGapMicros, int layoutEpoch, Gap largestGap,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Gap failoverGap) {

    public ProbeResult {
        if (pushes < 2 || largestGap == null) {
            throw new IllegalArgumentException("a probe result needs 2 pushes or more and their longest gap, got "
                    + pushes + " pushes and " + largestGap);
        }
    }

    /**
     * The result of {@code count} push completions, in time order: {@code completionMicros[i]} is when push i was
     * acknowledged and {@code layoutEpochs[i]} the client's layout epoch just then.
     *
     * @throws IllegalArgumentException with fewer than 2 completions, which have no gap
     */
    public static ProbeResult of(long[] completionMicros, int[] layoutEpochs, int count) {
        if (count < 2) {
            throw new IllegalArgumentException("need 2 push completions or more for a gap, got " + count);
        }
        double[] gaps = new double[count - 1];
        int largest = 0;
        int firstUnderNewLayout = -1;
        for (int i = 1; i < count; i++) {
            gaps[i - 1] = completionMicros[i] - completionMicros[i - 1];
            if (gaps[i - 1] > gaps[largest]) {
                largest = i - 1;
            }
            if (firstUnderNewLayout < 0 && layoutEpochs[i] > layoutEpochs[0]) {
                firstUnderNewLayout = i;
            }
        }
        Gap failover = firstUnderNewLayout < 0 ? null : new Gap(completionMicros[firstUnderNewLayout - 1],
                completionMicros[firstUnderNewLayout]);
        return new ProbeResult(count, Math.round(Spread.quantile(gaps, 0.5)), layoutEpochs[count - 1],
                new Gap(completionMicros[largest], completionMicros[largest + 1]), failover);
    }

    /** One line of JSON, written by {@link Json}. */
    public String toJson() {
        return Json.compact(this);
    }

    public static ProbeResult parse(String json) {
        return Json.read(json, ProbeResult.class);
    }
}
