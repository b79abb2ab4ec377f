package dev.shoal.bench.failover;

import java.util.Locale;

/**
 * One kill of {@code shoal bench failover} and what it cost: the time from SIGKILL to the next acknowledged push,
 * or why this trial measured nothing.
 *
 * <pre>{@code
 * Trial t = Trial.of(3, "server-1", 2, killedAtMicros, goneAtMicros, probeResult);
 * if (t.measured()) System.out.println(t.failoverMillis() + " ms");
 * else System.out.println("not measured: " + t.notMeasured());
 * }</pre>
 *
 * <p>The gap at the kill is the probe's wait before its first push acknowledged under the new layout epoch (see
 * {@link FailoverProbe} for why that push is the first after the fail-over); the fail-over time is that gap's end
 * minus SIGKILL. The gap may start a little after SIGKILL, with an acknowledgement that was already on its way.
 * Whether it was also the probe's longest wait is recorded ({@link #longest()}): when it was not, a stall elsewhere
 * (a collection, the machine's other load) was longer than the fail-over.
 *
 * @param index          1 for the first trial
 * @param killed         the server process killed, {@code server-N} (N in start order)
 * @param killedId       its server id, which the coordinator gives in join order (so it may differ from N); -1
 *                       if unknown
 * @param killMicros     when SIGKILL was sent, epoch microseconds; 0 if the trial failed before the kill
 * @param goneMicros     when the killed process was seen gone; 0 if the trial failed before the kill
 * @param probe          what the probe saw, null if the trial failed before it reported
 * @param gap            the gap at the kill (the fail-over's), null when not measured
 * @param failoverMillis SIGKILL to the next acknowledged push, NaN when not measured
 * @param notMeasured    why there is no fail-over time, null when there is one
 */
public record Trial(int index, String killed, int killedId, long killMicros, long goneMicros, ProbeResult probe,
                    Gap gap, double failoverMillis, String notMeasured) {
    /** The layout epoch after one server is lost: it starts at 1 and grows at each change of the servers in service. */
    public static final int EPOCH_AFTER_ONE_LOSS = 2;

    /**
     * The fail-over time of a trial whose probe reported, if exactly one server was lost and the probe's first push
     * under the new layout came after the kill; otherwise a trial that says why it is not measured.
     */
    public static Trial of(int index, String killed, int killedId, long killMicros, long goneMicros,
            ProbeResult probe) {
        String why = whyNotMeasured(probe, killMicros);
        if (why != null) {
            return new Trial(index, killed, killedId, killMicros, goneMicros, probe, null, Double.NaN, why);
        }
        Gap g = probe.failoverGap();
        return new Trial(index, killed, killedId, killMicros, goneMicros, probe, g, (g.endMicros() - killMicros) / 1e3,
                null);
    }

    private static String whyNotMeasured(ProbeResult probe, long killMicros) {
        if (probe.layoutEpoch() != EPOCH_AFTER_ONE_LOSS) {
            return "the probe ended under layout epoch " + probe.layoutEpoch() + ", expected " + EPOCH_AFTER_ONE_LOSS
                    + " (one server lost)";
        }
        Gap g = probe.failoverGap();
        if (g == null) {
            // the layout changed before the probe recorded its first push: the kill came before it was ready
            return "the probe saw no push acknowledged under a new layout";
        }
        if (g.endMicros() < killMicros) {
            return "the probe's first push under the new layout came " + ms(killMicros - g.endMicros())
                    + " ms before the kill";
        }
        return null;
    }

    /** A trial that ended without a probe result: the probe or a node failed, saying {@code why}. */
    public static Trial failed(int index, String killed, int killedId, long killMicros, long goneMicros, String why) {
        return new Trial(index, killed, killedId, killMicros, goneMicros, null, null, Double.NaN, why);
    }

    public boolean measured() {
        return notMeasured == null;
    }

    /** Whether the gap at the kill was the probe's longest, the fail-over its worst stall. */
    public boolean longest() {
        return gap != null && gap.equals(probe.largestGap());
    }

    /** Whether the trial went wrong (no result, or not the one loss expected), rather than merely not measuring. */
    public boolean failed() {
        return probe == null || probe.layoutEpoch() != EPOCH_AFTER_ONE_LOSS;
    }

    /** From SIGKILL to the process seen gone, milliseconds; NaN if there was no kill. */
    public double killMillis() {
        return killMicros == 0 ? Double.NaN : (goneMicros - killMicros) / 1e3;
    }

    /** The server killed as people read it: {@code server-1 (id 2)}. */
    public String victim() {
        return killedId < 0 ? killed : killed + " (id " + killedId + ")";
    }

    /** Why it is not measured, or the longer stall the probe saw elsewhere, or nothing. */
    public String note() {
        if (!measured()) {
            return notMeasured;
        }
        return longest() ? "" : "a longer stall, " + ms(probe.largestGap().micros()) + " ms, "
                + where(probe.largestGap(), killMicros);
    }

    /** One line for people, e.g. {@code trial 3: killed server-1 (id 2), fail-over 412.3 ms (gap 418.0 ms, ...)}. */
    public String describe() {
        String head = "trial " + index + ": " + (killMicros == 0 ? victim() + " not killed, " : "killed " + victim()
                + ", ");
        if (probe == null) {
            return head + "failed: " + notMeasured;
        }
        String figures = probe.pushes() + " pushes, round trip " + ms(probe.medianGapMicros()) + " ms, gone "
                + ms(goneMicros - killMicros) + " ms after SIGKILL";
        if (!measured()) {
            return head + "not measured: " + notMeasured + " (" + figures + ")";
        }
        return head + "fail-over " + String.format(Locale.ROOT, "%.1f", failoverMillis) + " ms (gap "
                + ms(gap.micros()) + " ms, " + figures + ")" + (longest() ? "" : "; " + note());
    }

    private static String where(Gap g, long killMicros) {
        return g.startMicros() > killMicros ? "started " + ms(g.startMicros() - killMicros) + " ms after the kill"
                : g.endMicros() < killMicros ? "ended " + ms(killMicros - g.endMicros()) + " ms before the kill"
                : "spans the kill";
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1e3);
    }
}
