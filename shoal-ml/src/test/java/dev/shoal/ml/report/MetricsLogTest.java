package dev.shoal.ml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    private static final List<EvalPoint> POINTS = List.of(
            new EvalPoint(0, 0, 0.0, 0.0, Double.NaN, 2.302585092994046, 0.1),
            new EvalPoint(100, 0, 1.2345678, 1.5, 0.6123456789012345, 0.58, 0.7913),
            new EvalPoint(2811, 2, 41.2, 44.9, 0.31, Double.POSITIVE_INFINITY, 0.8612));

    @Test
    void pointsReadBackAsWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run/metrics.csv");
        try (MetricsLog log = MetricsLog.create(file)) {
            POINTS.forEach(log::append);
        }
        List<EvalPoint> read = MetricsLog.read(file);
        assertThat(read).hasSize(POINTS.size());
        for (int i = 0; i < POINTS.size(); i++) {
            EvalPoint want = POINTS.get(i);
            EvalPoint got = read.get(i);
            assertThat(got.step()).isEqualTo(want.step());
            assertThat(got.epoch()).isEqualTo(want.epoch());
            assertThat(got.trainSeconds()).isCloseTo(want.trainSeconds(), within(5e-4));
            assertThat(got.wallSeconds()).isCloseTo(want.wallSeconds(), within(5e-4));
            // losses and accuracy are written in full, NaN and infinity included
            assertSameDouble(got.trainLoss(), want.trainLoss());
            assertSameDouble(got.testLoss(), want.testLoss());
            assertSameDouble(got.testAccuracy(), want.testAccuracy());
        }
    }

    /** Equality as Double.equals sees it, so that NaN equals NaN. */
    private static void assertSameDouble(double got, double want) {
        assertThat(Double.compare(got, want)).as("%s read back as %s", want, got).isZero();
    }

    @Test
    void eachLineIsOnDiskBeforeTheLogIsClosed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.create(file)) {
            log.append(POINTS.get(1));
            assertThat(Files.readAllLines(file)).containsExactly(MetricsLog.HEADER,
                    "100,0,1.235,1.500,0.6123456789012345,0.58,0.7913");
            assertThat(MetricsLog.read(file)).hasSize(1);
        }
    }

    @Test
    void numbersIgnoreTheDefaultLocale(@TempDir Path dir) throws IOException {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(MetricsLog.format(POINTS.get(1))).startsWith("100,0,1.235,1.500,");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aMalformedLineIsRefusedWithFileAndLineNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, MetricsLog.HEADER + "\n0,0,0.000,0.000,NaN,2.3,0.1\n100,0,1.0,1.1,0.5,0.4\n");
        assertThatThrownBy(() -> MetricsLog.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":3: expected 7 comma-separated values").hasMessageContaining("got 6");

        Files.writeString(file, MetricsLog.HEADER + "\n0,0,0.000,0.000,NaN,2.3,0.1\n\n100,zero,1.0,1.1,0.5,0.4,0.8\n");
        assertThatThrownBy(() -> MetricsLog.read(file))
                .hasMessage(file + ":4: epoch must be an integer, got 'zero'");

        Files.writeString(file, MetricsLog.HEADER + "\n100,0,1.0,1.1,0.5,low,0.8\n");
        assertThatThrownBy(() -> MetricsLog.read(file)).hasMessage(file + ":2: test_loss must be a number, got 'low'");

        Files.writeString(file, MetricsLog.HEADER + "\n-1,0,1.0,1.1,0.5,0.4,0.8\n");
        assertThatThrownBy(() -> MetricsLog.read(file))
                .hasMessageStartingWith(file + ":2: step and epoch must be >= 0");
    }

    @Test
    void anUnclosedQuoteIsRefusedWithTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, MetricsLog.HEADER + "\n\"100,0,1.0,1.1,0.5,0.4,0.8\n");
        assertThatThrownBy(() -> MetricsLog.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": malformed CSV");
    }

    @Test
    void aFileWithoutTheHeaderIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, "0,0,0.000,0.000,NaN,2.3,0.1\n");
        assertThatThrownBy(() -> MetricsLog.read(file)).hasMessageStartingWith(file + ":1: expected the header");
        Files.writeString(file, "");
        assertThatThrownBy(() -> MetricsLog.read(file)).hasMessageContaining("an empty file");
    }

    @Test
    void evalPointsRefuseNegativeOrUnboundedTimes() {
        assertThatThrownBy(() -> new EvalPoint(1, 0, -0.1, 1, 0, 0, 0)).hasMessageContaining("times must be");
        assertThatThrownBy(() -> new EvalPoint(1, 0, Double.NaN, 1, 0, 0, 0)).hasMessageContaining("times must be");
        assertThatThrownBy(() -> new EvalPoint(1, 0, 1, Double.POSITIVE_INFINITY, 0, 0, 0))
                .hasMessageContaining("times must be");
    }
}
