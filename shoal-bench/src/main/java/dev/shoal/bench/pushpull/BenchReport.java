package dev.shoal.bench.pushpull;

import dev.shoal.bench.json.JsonWriter;
import dev.shoal.bench.stats.Spread;
import dev.shoal.bench.tcp.ReferenceResult;
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

    public String json() {
        Workload w = setup.workload();
        JsonWriter j = new JsonWriter().beginObject()
                .name("mode").value(w.mode()).name("servers").value(setup.servers())
                .name("workers").value(setup.workers()).name("bytesPerOp").value(w.bytesPerOp())
                .name("sparseKeys").value(w.sparseKeys()).name("window").value(w.window())
                .name("runs").value(w.runs()).name("secondsPerRun").value(w.seconds().toMillis() / 1000.0)
                .name("consistency").value("asp");
        for (Op op : Op.values()) {
            j.name(op.label());
            opJson(j, summary.of(op));
        }
        if (reference != null) {
            referenceJson(j.name("reference"));
        }
        j.name("targets").beginArray();
        for (Target t : setup.targets()) {
            targetJson(j, t);
        }
        return j.endArray().endObject().toString();
    }

    private void opJson(JsonWriter j, OpSummary s) {
        Spread gb = s.bytesPerSecond().scaled(1e-9);
        j.beginObject().name("gbPerS").value(gb.median()).name("mbPerS").value(gb.median() * 1e3)
                .name("opsPerS").value(s.opsPerSecond().median())
                .name("keysPerS").value(s.opsPerSecond().median() * summary.keysPerOp())
                .name("latencyP50Us").value(s.medianMicros()).name("latencyP99Us").value(s.p99Micros())
                .name("gbPerSMin").value(gb.min()).name("gbPerSMax").value(gb.max())
                .name("relativeIqr").value(gb.relativeIqr()).name("gbPerSByRun").array(gb.values())
                .name("totalOps").value(s.totalOps()).name("totalBytes").value(s.totalBytes());
        if (reference != null) {
            j.name("ratioToTcpStream").value(s.bytesPerSecond().median() / streamRate())
                    .name("ratioToTcpAck").value(s.bytesPerSecond().median() / ackRate());
        }
        j.endObject();
    }

    private void referenceJson(JsonWriter j) {
        j.beginObject().name("chunkBytes").value(reference.chunkBytes())
                .name("streamGbPerS").value(streamRate() / 1e9)
                .name("streamGbPerSByRun").array(reference.streamBytesPerSecond().scaled(1e-9).values())
                .name("ackGbPerS").value(ackRate() / 1e9)
                .name("ackOpsPerS").value(reference.ackOpsPerSecond().median())
                .name("ackLatencyP50Us").value(LatencyHistograms.percentile(reference.ackLatency(), 0.5) / 1e3)
                .endObject();
    }

    private void targetJson(JsonWriter j, Target t) {
        double got = t.measured(summary.of(t.op()));
        j.beginObject().name("scenario").value(t.scenario()).name("op").value(t.op().label())
                .name("unit").value(t.unit().symbol()).name("measured").value(got)
                .name("baseline").value(t.baseline()).name("target").value(t.target())
                .name("ratioToBaseline").value(got / t.baseline()).name("ratioToTarget").value(got / t.target())
                .endObject();
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

    /** About three significant digits, thousands grouped: 0.028, 2.91, 57.3, 6,210. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + "\n";
    }
}
