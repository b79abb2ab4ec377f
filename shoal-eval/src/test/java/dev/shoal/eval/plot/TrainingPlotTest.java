package dev.shoal.eval.plot;

import dev.shoal.ml.report.EvalPoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static List<EvalPoint> curve(int points, double speed) {
        List<EvalPoint> c = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            c.add(new EvalPoint(i * 100, i / 10, i * speed, i * speed * 1.1, i == 0 ? Double.NaN : 2.0 / (1 + i),
                    2.1 / (1 + i), 0.85 - 0.7 / (1 + i)));
        }
        return c;
    }

    private static BufferedImage readPng(Path file) throws IOException {
        assertThat(file).exists();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        return image;
    }

    @Test
    void writesAPngOfTheDefaultSize(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plots/curves.png");
        new TrainingPlot("MLP on Fashion-MNIST").write(file, curve(30, 1.5));
        BufferedImage image = readPng(file);
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void overlaysSeveralRunsEachInItsOwnColour(@TempDir Path dir) throws IOException {
        Map<String, List<EvalPoint>> runs = new LinkedHashMap<>();
        runs.put("bsp", curve(20, 2.0));
        runs.put("ssp:3", curve(25, 1.5));
        runs.put("asp", curve(200, 1.0));
        Path file = dir.resolve("modes.png");
        new TrainingPlot("consistency modes").withXAxis(TrainingPlot.XAxis.STEPS).withSize(900, 400).write(file, runs);
        BufferedImage image = readPng(file);
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(distinctSaturatedColours(image)).as("one colour per run").isGreaterThanOrEqualTo(3);
    }

    @Test
    void pointsWithoutValuesAreSkippedNotRefused(@TempDir Path dir) throws IOException {
        List<EvalPoint> diverged = List.of(new EvalPoint(0, 0, 0, 0, Double.NaN, 2.3, 0.1),
                new EvalPoint(100, 0, 1, 1, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN),
                new EvalPoint(200, 0, 2, 2, Double.NaN, Double.NaN, Double.NaN));
        Path file = dir.resolve("diverged.png");
        new TrainingPlot("diverged").write(file, diverged);
        assertThat(readPng(file).getWidth()).isEqualTo(1200);
    }

    @Test
    void emptyInputIsRefusedWithAClearMessage(@TempDir Path dir) {
        TrainingPlot plot = new TrainingPlot("t");
        Path file = dir.resolve("x.png");
        assertThatThrownBy(() -> plot.write(file, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to plot: no runs given");
        Map<String, List<EvalPoint>> runs = new LinkedHashMap<>();
        runs.put("bsp", curve(5, 1));
        runs.put("asp", List.of());
        assertThatThrownBy(() -> plot.write(file, runs)).hasMessage("run 'asp' has no evaluation points to plot");
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> plot.withSize(10, 10)).hasMessageContaining("at least");
    }

    /** Hues of strongly coloured pixels, bucketed: the run colours, not the grey axes and grid. */
    private static int distinctSaturatedColours(BufferedImage image) {
        boolean[] hues = new boolean[12];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                float[] hsb = java.awt.Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, null);
                if (hsb[1] > 0.6f && hsb[2] > 0.5f) {
                    hues[Math.min(11, (int) (hsb[0] * 12))] = true;
                }
            }
        }
        int n = 0;
        for (boolean h : hues) {
            n += h ? 1 : 0;
        }
        return n;
    }
}
