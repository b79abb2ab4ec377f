package dev.shoal.ml.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one training run, written as {@code summary.json} beside its metrics so that scripts and later
 * runs can compare runs without parsing logs.
 *
 * <pre>{@code
 * RunSummary s = new RunSummary("mlp", "/usr/share/datasets/fashion-mnist", 4, 2, "bsp", "sgd:lr=0.1",
 *         2811, 3, 41.2, 44.9, 0.861, 0.39, 0.85, 30.5, 2100, 1L << 30, 1L << 30, 13650.0, "OpenBLAS");
 * s.writeJson(runDir.resolve("summary.json"));
 * }</pre>
 *
 * <p>JSON keys are the component names in snake_case ({@code time_to_target_seconds}), matching the CSV columns
 * of {@link MetricsLog}. JSON has no NaN or infinity, so a non-finite number is written as {@code null}: an
 * unreached target gives {@code "time_to_target_seconds": null} and {@code "steps_to_target": -1}.
 *
 * @param model               model id, e.g. {@code mlp}
 * @param data                the data set's directory or name
 * @param workers             worker processes
 * @param servers             server processes
 * @param consistency         consistency as text, e.g. {@code ssp:3}
 * @param optimizer           update rule as text, e.g. {@code sgd:lr=0.1}
 * @param steps               steps run
 * @param epochs              epochs run (the last may be partial when a step limit stopped the run)
 * @param trainSeconds        time from the first step to the end, evaluations excluded
 * @param wallSeconds         time from the first step to the end
 * @param finalTestAccuracy   test accuracy at the last evaluation
 * @param finalTestLoss       test loss at the last evaluation
 * @param targetAccuracy      the job's target accuracy (0: none)
 * @param timeToTargetSeconds training seconds when the target was first reached; NaN when it was not
 * @param stepsToTarget       steps when the target was first reached; -1 when it was not
 * @param bytesPushed         payload bytes pushed by all workers
 * @param bytesPulled         payload bytes pulled by all workers
 * @param samplesPerSecond    training samples processed per training second, over all workers
 * @param blas                the BLAS implementation used, e.g. {@code OpenBLAS}; empty when none or unknown
 */
public record RunSummary(String model, String data, int workers, int servers, String consistency, String optimizer,
        int steps, int epochs, double trainSeconds, double wallSeconds, double finalTestAccuracy,
        double finalTestLoss, double targetAccuracy, double timeToTargetSeconds, int stepsToTarget,
        long bytesPushed, long bytesPulled, double samplesPerSecond, String blas) {

    public RunSummary {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(consistency, "consistency");
        Objects.requireNonNull(optimizer, "optimizer");
        blas = blas == null ? "" : blas;
        if (workers < 1 || servers < 1) {
            throw new IllegalArgumentException("a run needs at least one worker and one server, got " + workers
                    + " worker(s) and " + servers + " server(s)");
        }
        if (steps < 0 || epochs < 0 || stepsToTarget < -1 || bytesPushed < 0 || bytesPulled < 0) {
            throw new IllegalArgumentException("counts must be >= 0 (steps to target >= -1), got steps " + steps
                    + ", epochs " + epochs + ", steps to target " + stepsToTarget + ", bytes " + bytesPushed
                    + " pushed / " + bytesPulled + " pulled");
        }
    }

    /** True when the run reached its target accuracy. */
    public boolean reachedTarget() {
        return stepsToTarget >= 0;
    }

    /** Writes {@link #toJson()} to {@code file}, creating the parent directories. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson());
    }

    /** One JSON object, a field a line, ending with a line break. */
    public String toJson() {
        List<String> fields = List.of(text("model", model), text("data", data), number("workers", workers),
                number("servers", servers), text("consistency", consistency), text("optimizer", optimizer),
                number("steps", steps), number("epochs", epochs), number("train_seconds", trainSeconds),
                number("wall_seconds", wallSeconds), number("final_test_accuracy", finalTestAccuracy),
                number("final_test_loss", finalTestLoss), number("target_accuracy", targetAccuracy),
                number("time_to_target_seconds", timeToTargetSeconds), number("steps_to_target", stepsToTarget),
                number("bytes_pushed", bytesPushed), number("bytes_pulled", bytesPulled),
                number("samples_per_second", samplesPerSecond), text("blas", blas));
        return "{\n" + String.join(",\n", fields) + "\n}\n";
    }

    private static String text(String key, String value) {
        return "  " + quote(key) + ": " + quote(value);
    }

    private static String number(String key, long value) {
        return "  " + quote(key) + ": " + value;
    }

    private static String number(String key, double value) {
        return "  " + quote(key) + ": " + (Double.isFinite(value) ? Double.toString(value) : "null");
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    // U+2028/9 are legal JSON but end a line in JavaScript, which would break embedding in a page
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
