package dev.shoal.ml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

    private static RunSummary summary(String data, double timeToTarget, int stepsToTarget, String blas) {
        return new RunSummary("mlp", data, 4, 2, "ssp:3", "sgd:lr=0.1", 2811, 3, 41.25, 44.5, 0.8612, 0.3875,
                0.85, timeToTarget, stepsToTarget, 1L << 33, 123_456_789L, 13650.5, blas);
    }

    @Test
    void everyFieldIsWrittenUnderItsSnakeCaseName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run/summary.json");
        summary("/usr/share/datasets/fashion-mnist", 30.5, 2100, "OpenBLAS").writeJson(file);
        String json = Files.readString(file);
        assertThat(json).startsWith("{\n").endsWith("}\n").contains(
                "\"model\": \"mlp\"", "\"data\": \"/usr/share/datasets/fashion-mnist\"", "\"workers\": 4",
                "\"servers\": 2", "\"consistency\": \"ssp:3\"", "\"optimizer\": \"sgd:lr=0.1\"", "\"steps\": 2811",
                "\"epochs\": 3", "\"train_seconds\": 41.25", "\"wall_seconds\": 44.5",
                "\"final_test_accuracy\": 0.8612", "\"final_test_loss\": 0.3875", "\"target_accuracy\": 0.85",
                "\"time_to_target_seconds\": 30.5", "\"steps_to_target\": 2100", "\"bytes_pushed\": 8589934592",
                "\"bytes_pulled\": 123456789", "\"samples_per_second\": 13650.5", "\"blas\": \"OpenBLAS\"");
        assertThat(json.lines().count()).isEqualTo(2 + RunSummary.class.getRecordComponents().length);
        assertThat(json.lines().skip(1).limit(RunSummary.class.getRecordComponents().length - 1))
                .allMatch(l -> l.endsWith(","));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        RunSummary s = summary("d", Double.NaN, -1, "");
        assertThat(s.reachedTarget()).isFalse();
        assertThat(s.toJson()).contains("\"time_to_target_seconds\": null,", "\"steps_to_target\": -1,",
                "\"blas\": \"\"").doesNotContain("NaN");
        assertThat(new RunSummary("m", "d", 1, 1, "bsp", "o", 0, 0, 0, 0, Double.NaN, Double.POSITIVE_INFINITY, 0,
                Double.NaN, -1, 0, 0, 0, null).toJson())
                .contains("\"final_test_accuracy\": null", "\"final_test_loss\": null", "\"blas\": \"\"")
                .doesNotContain("Infinity");
    }

    @Test
    void stringsAreEscaped() {
        String json = summary("C:\\data\\\"spam\"\n\ttab\u0001", 1, 1, "Open\u2028BLAS").toJson();
        assertThat(json).contains("\"data\": \"C:\\\\data\\\\\\\"spam\\\"\\n\\ttab\\u0001\"",
                "\"blas\": \"Open\\u2028BLAS\"");
        assertThat(json.lines().count()).isEqualTo(2 + RunSummary.class.getRecordComponents().length);
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> new RunSummary("m", "d", 0, 1, "bsp", "o", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""))
                .hasMessageContaining("at least one worker");
        assertThatThrownBy(() -> new RunSummary("m", "d", 1, 1, "bsp", "o", 0, 0, 0, 0, 0, 0, 0, 0, -2, 0, 0, 0, ""))
                .hasMessageContaining("steps to target -2");
    }
}
