package dev.shoal.ml.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * of {@link MetricsLog}. {@link Json} (Jackson) writes it; JSON has no NaN or infinity, so a non-finite number is
 * written as {@code null}: an unreached target gives {@code "time_to_target_seconds": null} and
 * {@code "steps_to_target": -1}.
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
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
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

    /** One JSON object, a field a line, ending with a line break (written by {@link Json}). */
    public String toJson() {
        return Json.pretty(this);
    }
}
