package dev.shoal.bench.pushpull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoal.bench.stats.Figures;
import dev.shoal.bench.stats.Spread;
import dev.shoal.bench.tcp.ReferenceResult;
import dev.shoal.transport.json.Json;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.List;
import java.util.Locale;

/**
 * Renders a benchmark's figures as a human-readable table or as one JSON object.
 *
 * <pre>{@code
 * BenchReport report = new BenchReport(setup, Aggregator.aggregate(results), reference);
 * System.out.println(json ? report.json() : report.table());
 * }</pre>
 *
 * <p>Dense figures are in GB/s, sparse ones in MB/s of values plus keys/s (GB and MB are 10^9 and 10^6 bytes).
 * Each rate is the median over runs of the per-run sum over workers; min, max and relative IQR show how much
 * it moved between runs. Ratios compare with the plain-TCP reference (streaming, and one chunk per one-byte ack,
 * the shape of a window-1 push) and with the {@link Targets} set for this setup.
 *
 * @param setup     cluster shape and workload
 * @param summary   aggregated measurements
 * @param reference the plain-TCP figures, or null when not measured
 */
public record BenchReport(BenchSetup setup, BenchSummary summary, ReferenceResult reference) {
    /** The columns after the rate (and keys/s): ops/s, p50, p99, min..max, IQR and the two TCP ratios. */
    private static final String COLUMNS = " %9s %10s %10s %15s %6s %7s %8s";

    public String table() {
        boolean sparse = setup.workload().isSparse();
        StringBuilder b = new StringBuilder();
        b.append("shoal bench pushpull: ").append(setup.describe()).append('\n');
        b.append(sparse ? line("%-5s %9s %9s" + COLUMNS, "op", "MB/s", "Mkeys/s", "ops/s", "p50 us", "p99 us",
                "min..max", "IQR", "/tcp", "/tcp-ack")
                : line("%-5s %9s" + COLUMNS, "op", "GB/s", "ops/s", "p50 us", "p99 us", "min..max", "IQR", "/tcp",
                "/tcp-ack"));
        for (Op op : Op.values()) {
            b.append(row(summary.of(op), sparse));
        }
        if (reference != null) {
            b.append(referenceLine());
        }
        List<Target> targets = setup.targets();
        if (!targets.isEmpty()) {
            b.append("targets (best C++ parameter server on this machine, and the goal):\n");
            for (Target t : targets) {
                b.append(targetLine(t));
            }
        }
        return b.toString();
    }

    private String row(OpSummary s, boolean sparse) {
        Spread rate = s.bytesPerSecond().scaled(sparse ? 1e-6 : 1e-9);
        String rest = String.format(Locale.ROOT, COLUMNS, fmt(s.opsPerSecond().median()), fmt(s.medianMicros()),
                fmt(s.p99Micros()), fmt(rate.min()) + ".." + fmt(rate.max()),
                String.format(Locale.ROOT, "%.1f%%", 100 * rate.relativeIqr()),
                ratio(s.bytesPerSecond().median(), streamRate()), ratio(s.bytesPerSecond().median(), ackRate()));
        String keys = sparse ? String.format(Locale.ROOT, " %9s", fmt(s.opsPerSecond().median() * summary.keysPerOp()
                / 1e6)) : "";
        return line("%-5s %9s%s%s", s.op().label(), fmt(rate.median()), keys, rest);
    }

    private String referenceLine() {
        return line("reference (/tcp, /tcp-ack): plain TCP on loopback, %d-byte chunks: streamed %s GB/s; one chunk "
                + "per 1-byte ack %s GB/s, %s ops/s, p50 %s us", reference.chunkBytes(), fmt(streamRate() / 1e9),
                fmt(ackRate() / 1e9), fmt(reference.ackOpsPerSecond().median()),
                fmt(LatencyHistograms.percentile(reference.ackLatency(), 0.5) / 1e3));
    }

    private String targetLine(Target t) {
        double got = t.measured(summary.of(t.op()));
        return line("  %-42s %s %10s %s  (C++ %s: %s, target %s: %s)", t.scenario(), t.op().label(), fmt(got),
                t.unit().symbol(), fmt(t.baseline()), ratio(got, t.baseline()), fmt(t.target()),
                ratio(got, t.target()));
    }

    /** One JSON object (see {@link ReportJson}), written by {@link Json}. */
    public String json() {
        Workload w = setup.workload();
        List<TargetJson> targets = setup.targets().stream().map(this::targetJson).toList();
        return Json.compact(new ReportJson(w.mode(), setup.servers(), setup.workers(), w.bytesPerOp(),
                w.sparseKeys(), w.window(), w.runs(), w.seconds().toMillis() / 1000.0, "asp",
                opJson(summary.of(Op.PUSH)), opJson(summary.of(Op.PULL)), referenceJson(), targets));
    }

    /**
     * What {@code shoal bench pushpull --json} prints: the setup, then {@code push} and {@code pull}, the
     * plain-TCP {@code reference} (left out when not measured) and the {@code targets} of this setup.
     */
    record ReportJson(String mode, int servers, int workers, long bytesPerOp, long sparseKeys, int window, int runs,
            double secondsPerRun, String consistency, OpJson push, OpJson pull,
            @JsonInclude(JsonInclude.Include.NON_NULL) ReferenceJson reference, List<TargetJson> targets) {
    }

    /** One operation's figures; the two TCP ratios are left out when there is no reference. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpJson(double gbPerS, double mbPerS, double opsPerS, double keysPerS, double latencyP50Us,
            double latencyP99Us, double gbPerSMin, double gbPerSMax, double relativeIqr, double[] gbPerSByRun,
            long totalOps, long totalBytes, Double ratioToTcpStream, Double ratioToTcpAck) {
    }

    record ReferenceJson(long chunkBytes, double streamGbPerS, double[] streamGbPerSByRun, double ackGbPerS,
            double ackOpsPerS, double ackLatencyP50Us) {
    }

    record TargetJson(String scenario, String op, String unit, double measured, double baseline, double target,
            double ratioToBaseline, double ratioToTarget) {
    }

    private OpJson opJson(OpSummary s) {
        Spread gb = s.bytesPerSecond().scaled(1e-9);
        double rate = s.bytesPerSecond().median();
        return new OpJson(gb.median(), gb.median() * 1e3, s.opsPerSecond().median(),
                s.opsPerSecond().median() * summary.keysPerOp(), s.medianMicros(), s.p99Micros(), gb.min(),
                gb.max(), gb.relativeIqr(), gb.values(), s.totalOps(), s.totalBytes(),
                reference == null ? null : rate / streamRate(), reference == null ? null : rate / ackRate());
    }

    private ReferenceJson referenceJson() {
        return reference == null ? null : new ReferenceJson(reference.chunkBytes(), streamRate() / 1e9,
                reference.streamBytesPerSecond().scaled(1e-9).values(), ackRate() / 1e9,
                reference.ackOpsPerSecond().median(), LatencyHistograms.percentile(reference.ackLatency(), 0.5) / 1e3);
    }

    private TargetJson targetJson(Target t) {
        double got = t.measured(summary.of(t.op()));
        return new TargetJson(t.scenario(), t.op().label(), t.unit().symbol(), got, t.baseline(), t.target(),
                got / t.baseline(), got / t.target());
    }

    private double streamRate() {
        return reference == null ? Double.NaN : reference.streamBytesPerSecond().median();
    }

    private double ackRate() {
        return reference == null ? Double.NaN : reference.ackBytesPerSecond().median();
    }

    private static String ratio(double a, double b) {
        return Double.isFinite(a / b) ? String.format(Locale.ROOT, "%.2fx", a / b) : "-";
    }

    static String fmt(double v) {
        return Figures.format(v);
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + "\n";
    }
}
