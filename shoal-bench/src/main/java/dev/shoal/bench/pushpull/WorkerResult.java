package dev.shoal.bench.pushpull;

import dev.shoal.ml.report.Json;
import java.util.Optional;

/**
 * What one bench worker measured, shipped to the parent as one line on stdout.
 *
 * <pre>{@code
 * System.out.println(result.toLine());                  // BENCH_RESULT {"worker":0,...}
 * Optional<WorkerResult> r = WorkerResult.fromLine(line); // in the parent, for every line a worker prints
 * }</pre>
 *
 * @param worker     the worker's id in the job
 * @param mode       {@code dense} or {@code sparse}
 * @param bytesPerOp value bytes per request
 * @param keysPerOp  keys per sparse request, 0 when dense
 * @param window     requests in flight
 * @param push       push measurements
 * @param pull       pull measurements
 */
public record WorkerResult(int worker, String mode, long bytesPerOp, long keysPerOp, int window, OpMeasurements push,
                           OpMeasurements pull) {

    /** Marks the result line among a worker's log lines. */
    public static final String PREFIX = "BENCH_RESULT ";

    public OpMeasurements of(Op op) {
        return op == Op.PUSH ? push : pull;
    }

    /** One line of JSON, written by {@link Json}. */
    public String toJson() {
        return Json.compact(this);
    }

    public String toLine() {
        return PREFIX + toJson();
    }

    /** The inverse of {@link #toJson()}; malformed JSON is an IllegalArgumentException. */
    public static WorkerResult parse(String json) {
        return Json.read(json, WorkerResult.class);
    }

    /** The result carried by {@code line}, which may have a log prefix before the marker; empty for other lines. */
    public static Optional<WorkerResult> fromLine(String line) {
        int at = line.indexOf(PREFIX);
        return at < 0 ? Optional.empty() : Optional.of(parse(line.substring(at + PREFIX.length())));
    }
}
