package dev.shoal.eval.experiment;

import dev.shoal.transport.json.Json;
import dev.shoal.transport.stats.LatencyHistograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The experiment's rows as files: {@code runs.csv} (one row per run, every figure; written by commons-csv) and
 * {@code runs.json} (the same, with the distributions: latency percentiles, per-server bytes, staleness counts;
 * written by {@link Json}).
 *
 * <pre>{@code
 * ResultTable.writeCsv(results, out.resolve("runs.csv"));
 * ResultTable.writeJson(results, estimates, out.resolve("runs.json"));
 * }</pre>
 */
final class ResultTable {
    /** A column: its header and how a run's cell is written. */
    private record Column(String name, Function<RunResult, String> cell) {
    }

    private static final List<Column> COLUMNS = List.of(
            col("group", r -> r.spec().group().name().toLowerCase(Locale.ROOT)),
            col("name", r -> r.spec().name()),
            col("model", r -> r.spec().job().model().id()),
            col("workers", r -> Integer.toString(r.spec().workers())),
            col("servers", r -> Integer.toString(r.spec().servers())),
            col("consistency", r -> r.spec().consistency()),
            col("network", r -> r.spec().network()),
            col("compute_us", r -> Long.toString(r.spec().computeMicros())),
            col("straggler", r -> num(r.spec().straggler())),
            col("global_batch", r -> Integer.toString(r.spec().job().batch())),
            col("steps", r -> Integer.toString(r.steps())),
            col("steps_per_epoch", r -> Integer.toString(r.stepsPerEpoch())),
            col("train_s", r -> num(r.trainSeconds())),
            col("s_per_step", r -> num(r.secondsPerStep())),
            col("s_per_epoch", r -> num(r.secondsPerEpoch())),
            col("samples_per_s", r -> num(r.samplesPerSecond())),
            col("bytes_per_s_per_worker", r -> num(r.bytesPerSecondPerWorker())),
            col("final_acc", r -> num(r.finalAccuracy())),
            col("best_acc", r -> num(r.bestAccuracy())),
            col("target_acc", r -> num(r.spec().job().targetAccuracy())),
            col("time_to_target_s", r -> num(r.timeToTarget())),
            col("steps_to_target", r -> Integer.toString(r.stepsToTarget())),
            col("bytes_pushed", r -> Long.toString(r.bytesPushed())),
            col("bytes_pulled", r -> Long.toString(r.bytesPulled())),
            col("server_bytes", r -> join(r.serverBytes())),
            col("server_imbalance", r -> num(r.serverImbalance())),
            col("push_p50_us", r -> micros(r.latencies().push(), 0.5)),
            col("push_p99_us", r -> micros(r.latencies().push(), 0.99)),
            col("pull_p50_us", r -> micros(r.latencies().pull(), 0.5)),
            col("pull_p99_us", r -> micros(r.latencies().pull(), 0.99)),
            col("staleness_mean", r -> num(r.meanStaleness())),
            col("staleness_max", r -> Integer.toString(r.maxStaleness())),
            col("cpu_busy", r -> num(r.cpuBusy())),
            col("compute_s", r -> num(r.computeSeconds())),
            col("paced_s", r -> num(r.pacedSeconds())));

    private ResultTable() {
    }

    /** RFC 4180 with Unix line ends: a cell holding a comma, quote or line break is quoted. */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    static void writeCsv(List<RunResult> results, Path file) throws IOException {
        try (CSVPrinter out = CSV.print(file, StandardCharsets.UTF_8)) {
            out.printRecord(COLUMNS.stream().map(Column::name));
            for (RunResult r : results) {
                out.printRecord(COLUMNS.stream().map(c -> c.cell().apply(r)));
            }
        }
    }

    static void writeJson(List<RunResult> results, Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Column c : COLUMNS) {
                row.put(c.name(), c.name().equals("server_bytes") ? r.serverBytes() : value(c.cell().apply(r)));
            }
            row.put("staleness_counts", r.staleness());
            row.put("latency_text", r.latencies().toText());
            rows.add(row);
        }
        Files.writeString(file, Json.compact(rows));
    }

    /** A cell as a JSON number (a whole one without a fraction; NaN becomes null), anything else as a string. */
    private static Object value(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
        } catch (NumberFormatException text) {
            return cell;
        }
    }

    static String micros(Histogram h, double q) {
        return h.getTotalCount() == 0 ? "NaN" : num(LatencyHistograms.percentile(h, q) / 1e3);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String join(long[] values) {
        StringBuilder b = new StringBuilder();
        for (long v : values) {
            b.append(b.isEmpty() ? "" : " ").append(v);
        }
        return b.toString();
    }

    private static Column col(String name, Function<RunResult, String> cell) {
        return new Column(name, cell);
    }
}
