package dev.shoal.bench.failover;

import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What the fail-over probe saw: its longest waits between acknowledged pushes, and the usual one.
 *
 * <pre>{@code
 * ProbeResult r = ProbeResult.of(completionMicros, pushes, client.view().layoutEpoch());   // in the probe
 * status.update(s -> s.done(NodeStatusFile.parseTree(r.toJson())));
 * ProbeResult back = ProbeResult.parse(doneStatus.result().toString());                    // in the harness
 * }</pre>
 *
 * <p>It keeps the {@value #GAPS_KEPT} longest gaps rather than only the longest: on a shared machine an unrelated
 * stall (another process taking the cores) can be longer than the fail-over, and the harness, which alone knows when
 * it killed, still finds the fail-over's gap among them (10 were too few: at a load average of 8 on 2 cores, one
 * probe of 20 had ten stalls of 70 ms or more, all longer than its fail-over). Keeping every gap would make the
 * result grow with the push rate (tens of thousands of gaps for small tables).
 *
 * @param pushes          pushes acknowledged
 * @param medianGapMicros median time between consecutive acknowledgements: the normal round trip
 * @param layoutEpoch     the client's layout epoch when it stopped pushing
 * @param longestGaps     the longest gaps, longest first (the earlier first among equal ones)
 */
public record ProbeResult(int pushes, long medianGapMicros, int layoutEpoch, List<Gap> longestGaps) {
    /** How many of the longest gaps a result keeps. */
    public static final int GAPS_KEPT = 32;
    private static final Comparator<Gap> LONGEST_FIRST = Comparator.comparingLong(Gap::micros).reversed()
            .thenComparingLong(Gap::startMicros);

    public ProbeResult {
        longestGaps = List.copyOf(longestGaps);
        if (pushes < 2 || longestGaps.isEmpty()) {
            throw new IllegalArgumentException("a probe result needs 2 pushes or more and a gap, got " + pushes
                    + " pushes and " + longestGaps.size() + " gaps");
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
        // the shortest of the kept gaps on top, so each longer one replaces it
        PriorityQueue<Gap> longest = new PriorityQueue<>(LONGEST_FIRST.reversed());
        for (int i = 1; i < count; i++) {
            Gap g = new Gap(completionMicros[i - 1], completionMicros[i]);
            gaps[i - 1] = g.micros();
            longest.add(g);
            if (longest.size() > GAPS_KEPT) {
                longest.poll();
            }
        }
        List<Gap> kept = new ArrayList<>(longest);
        kept.sort(LONGEST_FIRST);
        return new ProbeResult(count, Math.round(Spread.quantile(gaps, 0.5)), layoutEpoch, kept);
    }

    public Gap largestGap() {
        return longestGaps.get(0);
    }

    /** One line of JSON, written by {@link Json}. */
    public String toJson() {
        return Json.compact(this);
    }

    public static ProbeResult parse(String json) {
        return Json.read(json, ProbeResult.class);
    }
}
