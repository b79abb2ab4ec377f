package dev.shoal.bench.failover;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.bench.stats.Figures;
import dev.shoal.transport.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@code shoal bench failover}'s trials and their distribution as a table for people or as one JSON
 * object. Per trial: the server killed, how long its process took to go after SIGKILL, the fail-over time, the gap
 * between pushes at the kill, the probe's pushes and usual round trip, and a note: why the trial is not measured,
 * or the longer stall it saw elsewhere.
 *
 * <pre>{@code
 * FailoverReport report = new FailoverReport(setup, trials);
 * System.out.print(json ? report.json() + "\n" : report.table());
 * }</pre>
 *
 * <p>Beside the distribution it prints the goal set for fail-over, from kill -9 of a primary to the next
 * acknowledged push in under {@value #GOAL_MS} ms (the paper behind Shoal's design reports 0.8 s), and how many
 * kills met it.
 *
 * @param setup  what was run
 * @param trials every trial, measured or not, in order
 */
public record FailoverReport(FailoverSetup setup, List<Trial> trials) {
    /** The goal: under a second from the kill to the next acknowledged push. */
    public static final double GOAL_MS = 1000;

    public FailoverReport {
        trials = List.copyOf(trials);
    }

    public FailoverDistribution distribution() {
        return FailoverDistribution.of(trials);
    }

    /** Kills measured under {@link #GOAL_MS}. */
    public long underGoal() {
        return trials.stream().filter(t -> t.measured() && t.failoverMillis() < GOAL_MS).count();
    }

    public String table() {
        StringBuilder b = new StringBuilder("shoal bench failover: ").append(setup.describe()).append('\n');
        b.append(line("%5s  %-16s %7s %12s %9s %7s %14s  %s", "trial", "killed", "gone ms", "fail-over ms", "gap ms",
                "pushes", "round trip ms", "note"));
        for (Trial t : trials) {
            ProbeResult p = t.probe();
            b.append(line("%5d  %-16s %7s %12s %9s %7s %14s  %s", t.index(), t.victim(), fmt(t.killMillis()),
                    fmt(t.failoverMillis()), t.gap() == null ? "-" : fmt(t.gap().micros() / 1e3),
                    p == null ? "-" : Integer.toString(p.pushes()), p == null ? "-" : fmt(p.medianGapMicros() / 1e3),
                    t.note()));
        }
        FailoverDistribution d = distribution();
        b.append(line("fail-over, kill -9 of a server to the next acknowledged push: %d of %d kills measured",
                d.measured(), d.trials()));
        b.append(line("  min %s ms, median %s ms, p90 %s ms, max %s ms, mean %s ms", fmt(d.minMs()),
                fmt(d.medianMs()), fmt(d.p90Ms()), fmt(d.maxMs()), fmt(d.meanMs())));
        b.append(line("  normal push round trip %s ms (median gap between acknowledgements); the gap at the kill was the "
                + "probe's longest in %d of %d measured", fmt(d.roundTripMs()), d.longestAtKill(), d.measured()));
        b.append(line("  goal under %.0f ms (the paper reports 800 ms): met by %d of %d kills", GOAL_MS, underGoal(),
                d.trials()));
        return b.toString();
    }

    /** One JSON object (see {@link ReportJson}), written by {@link Json}. */
    public String json() {
        List<TrialJson> rows = trials.stream().map(t -> new TrialJson(t.index(), t.killed(), t.killedId(),
                t.killMicros(), t.goneMicros(), t.failoverMillis(), t.gap(), t.longest(), t.probe(), t.notMeasured()))
                .toList();
        return Json.compact(new ReportJson(setup.servers(), setup.kills(), setup.sizeBytes(),
                setup.seconds().toMillis() / 1000.0, setup.seed(), "asp", distribution(), GOAL_MS, underGoal(), rows));
    }

    /** What {@code shoal bench failover --json} prints: the setup, the distribution, the goal, then each trial. */
    record ReportJson(int servers, int kills, long sizeBytes, double probeSeconds, long seed, String consistency,
            FailoverDistribution failover, double goalMs, long killsUnderGoal, List<TrialJson> trials) {
    }

    /**
     * One trial; {@code failoverMs} is null and {@code notMeasured} says why when there is no time, {@code gapAtKill}
     * and {@code probe} are left out when there is none; {@code longestGap} says whether the gap at the kill was the
     * probe's longest.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TrialJson(int trial, String killed, int killedServerId, long killMicros, long goneMicros,
            double failoverMs, Gap gapAtKill, boolean longestGap, ProbeResult probe, String notMeasured) {
    }

    private static String fmt(double v) {
        return Figures.format(v);
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + "\n";
    }
}
