package dev.shoal.bench.failover;

import java.util.Locale;

/**
 * One kill of {@code shoal bench failover} and what it cost: the time from SIGKILL to the next acknowledged push,
 * or why this trial measured nothing.
 *
 * <pre>{@code
 * Trial t = Trial.of(3, "server-1", 2, killedAtMicros, probeResult);
 * if (t.measured()) System.out.println(t.failoverMillis() + " ms");
 * else System.out.println("not measured: " + t.notMeasured());
 * }</pre>
 *
 * <p>The fail-over time is the end of the probe's longest gap minus the kill, counted only when that gap spans the
 * kill: a longer pause elsewhere (a collection, the machine's other load) would otherwise be taken for it.
 *
 * @param index          1 for the first trial
 * @param killed         the server process killed, {@code server-N} (N in start order)
 * @param killedId       its server id, which the coordinator gives in join order (so it may differ from N); -1
 *                       if unknown
 * @param killMicros     when it was killed, epoch microseconds; 0 if the trial failed before the kill
 * @param probe          what the probe saw, null if the trial failed before it reported
 * @param failoverMillis kill to the next acknowledged push, NaN when not measured
 * @param notMeasured    why there is no fail-over time, null when there is one
 */
public record Trial(int index, String killed, int killedId, long killMicros, ProbeResult probe,
                    double failoverMillis, String notMeasured) {
    /** The layout epoch after one server is lost: it starts at 1 and grows at each change of the servers in service. */
    public static final int EPOCH_AFTER_ONE_LOSS = 2;

    /**
     * The fail-over time of a trial whose probe reported, if its longest gap spans the kill (ends included) and
     * exactly one server was lost; otherwise a trial that says why it is not measured.
     */
    public static Trial of(int index, String killed, int killedId, long killMicros, ProbeResult probe) {
        if (probe.layoutEpoch() != EPOCH_AFTER_ONE_LOSS) {
            return notMeasured(index, killed, killedId, killMicros, probe, "the probe ended under layout epoch "
                    + probe.layoutEpoch() + ", expected " + EPOCH_AFTER_ONE_LOSS + " (one server lost)");
        }
        String gap = "the longest gap between pushes (" + ms(probe.largestGapMicros()) + " ms) ";
        if (killMicros < probe.largestGapStartMicros()) {
            return notMeasured(index, killed, killedId, killMicros, probe, gap + "starts "
                    + ms(probe.largestGapStartMicros() - killMicros) + " ms after the kill: a later pause was longer");
        }
        if (killMicros > probe.largestGapEndMicros()) {
            return notMeasured(index, killed, killedId, killMicros, probe, gap + "ends "
                    + ms(killMicros - probe.largestGapEndMicros()) + " ms before the kill: an earlier pause was longer");
        }
        return new Trial(index, killed, killedId, killMicros, probe, (probe.largestGapEndMicros() - killMicros) / 1e3,
                null);
    }

    /** A trial that ended without a probe result: the probe or a node failed, saying {@code why}. */
    public static Trial failed(int index, String killed, int killedId, long killMicros, String why) {
        return new Trial(index, killed, killedId, killMicros, null, Double.NaN, why);
    }

    private static Trial notMeasured(int index, String killed, int killedId, long killMicros, ProbeResult probe,
            String why) {
        return new Trial(index, killed, killedId, killMicros, probe, Double.NaN, why);
    }

    public boolean measured() {
        return notMeasured == null;
    }

    /** Whether the trial went wrong (no result, or not the one loss expected), rather than merely not measuring. */
    public boolean failed() {
        return probe == null || probe.layoutEpoch() != EPOCH_AFTER_ONE_LOSS;
    }

    /** The server killed as people read it: {@code server-1 (id 2)}. */
    public String victim() {
        return killedId < 0 ? killed : killed + " (id " + killedId + ")";
    }

    /** One line for people, e.g. {@code trial 3: killed server-1 (id 2), fail-over 412.3 ms (gap 418.0 ms, ...)}. */
    public String describe() {
        String head = "trial " + index + ": " + (killMicros == 0 ? victim() + " not killed, " : "killed " + victim()
                + ", ");
        if (probe == null) {
            return head + "failed: " + notMeasured;
        }
        String figures = "gap " + ms(probe.largestGapMicros()) + " ms, " + probe.pushes() + " pushes, round trip "
                + ms(probe.medianGapMicros()) + " ms";
        return head + (measured() ? "fail-over " + String.format(Locale.ROOT, "%.1f", failoverMillis) + " ms ("
                + figures + ")" : "not measured: " + notMeasured + " (" + figures + ")");
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1e3);
    }
}
