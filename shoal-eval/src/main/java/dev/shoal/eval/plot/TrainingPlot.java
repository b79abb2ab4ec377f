package dev.shoal.eval.plot;

import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.colors.XChartSeriesColors;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves as one PNG: test accuracy on the left, test and train loss on the right, one colour per run.
 *
 * <pre>{@code
 * new TrainingPlot("MLP on Fashion-MNIST, 4 workers")
 *         .write(runDir.resolve("curves.png"), Map.of("bsp", MetricsLog.read(runDir.resolve("metrics.csv"))));
 *
 * Map<String, List<EvalPoint>> modes = new LinkedHashMap<>();   // legend order is the map's order
 * modes.put("bsp", bsp);
 * modes.put("ssp:3", ssp);
 * new TrainingPlot("consistency modes").withXAxis(TrainingPlot.XAxis.STEPS).write(out, modes);
 * }</pre>
 *
 * <p>Train loss is dashed and test loss solid, in the run's colour. Points whose value is NaN or infinite (no
 * train loss measured yet, a diverged run) are left out of that curve rather than refused, so a partial or failed
 * run can still be looked at. Works headless: unless the JVM was told otherwise, {@code java.awt.headless} is set
 * before AWT starts.
 */
public final class TrainingPlot {

    /** What the horizontal axis counts. */
    public enum XAxis {
        /** Training seconds, evaluations excluded: compares runs by time to accuracy. */
        TRAIN_SECONDS("training time (s)", EvalPoint::trainSeconds),
        /** Seconds as a stopwatch would show them. */
        WALL_SECONDS("wall time (s)", EvalPoint::wallSeconds),
        /** Steps: compares runs by statistical efficiency, whatever their speed. */
        STEPS("step", p -> p.step());

        private final String title;
        private final ToDoubleFunction<EvalPoint> value;

        XAxis(String title, ToDoubleFunction<EvalPoint> value) {
            this.title = title;
            this.value = value;
        }
    }

    public static final int DEFAULT_WIDTH = 1200;
    public static final int DEFAULT_HEIGHT = 500;

    private static final int MAX_POINTS_WITH_MARKERS = 40;
    private static final Color[] COLORS = new XChartSeriesColors().getSeriesColors();


    private final String title;
    private final XAxis xAxis;
    private final int width;
    private final int height;

    /** A plot of {@link #DEFAULT_WIDTH} x {@link #DEFAULT_HEIGHT} pixels over training seconds. */
    public TrainingPlot(String title) {
        this(title, XAxis.TRAIN_SECONDS, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    private TrainingPlot(String title, XAxis xAxis, int width, int height) {
        if (title == null || xAxis == null) {
            throw new IllegalArgumentException("a plot needs a title and an x axis");
        }
        if (width < 200 || height < 150 + Figure.TITLE_HEIGHT) {
            throw new IllegalArgumentException("a plot needs at least 200 x " + (150 + Figure.TITLE_HEIGHT)
                    + " pixels, got " + width + " x " + height);
        }
        this.title = title;
        this.xAxis = xAxis;
        this.width = width;
        this.height = height;
    }

    public TrainingPlot withXAxis(XAxis x) {
        return new TrainingPlot(title, x, width, height);
    }

    /** The whole image's size in pixels, title strip included. */
    public TrainingPlot withSize(int w, int h) {
        return new TrainingPlot(title, xAxis, w, h);
    }

    /** Writes the curves of one run, without a legend entry per run. */
    public void write(Path png, List<EvalPoint> run) throws IOException {
        write(png, Map.of("", run));
    }

    /** Writes the curves of several runs, labelled by the map's keys; creates the parent directories. */
    public void write(Path png, Map<String, List<EvalPoint>> runs) throws IOException {
        figure(runs).write(png);
    }

    /** The image {@link #write} saves. */
    public BufferedImage render(Map<String, List<EvalPoint>> runs) {
        return figure(runs).render();
    }

    private Figure figure(Map<String, List<EvalPoint>> runs) {
        check(runs);
        Figure figure = new Figure(title, width, height);   // first: it makes AWT headless
        int chartHeight = height - Figure.TITLE_HEIGHT;
        XYChart accuracy = chart("test accuracy", "accuracy", width / 2, chartHeight);
        XYChart loss = chart("loss", "loss", width - width / 2, chartHeight);
        int i = 0;
        for (Map.Entry<String, List<EvalPoint>> run : runs.entrySet()) {
            Color color = COLORS[i++ % COLORS.length];
            String label = run.getKey();
            add(accuracy, label.isEmpty() ? "test accuracy" : label, run.getValue(), EvalPoint::testAccuracy,
                    color, SeriesLines.SOLID);
            add(loss, label.isEmpty() ? "test" : label + " test", run.getValue(), EvalPoint::testLoss, color,
                    SeriesLines.SOLID);
            add(loss, label.isEmpty() ? "train" : label + " train", run.getValue(), EvalPoint::trainLoss, color,
                    SeriesLines.DASH_DASH);
        }
        accuracy.getStyler().setLegendVisible(runs.size() > 1 || !runs.containsKey(""));
        figure.add(accuracy);
        figure.add(loss);
        return figure;
    }

    private static void check(Map<String, List<EvalPoint>> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no runs given");
        }
        for (Map.Entry<String, List<EvalPoint>> run : runs.entrySet()) {
            if (run.getKey() == null || run.getValue() == null || run.getValue().isEmpty()) {
                throw new IllegalArgumentException("run '" + run.getKey() + "' has no evaluation points to plot");
            }
        }
    }

    private XYChart chart(String chartTitle, String yTitle, int w, int h) {
        XYChart c = new XYChart(w, h);
        c.setTitle(chartTitle);
        c.setXAxisTitle(xAxis.title);
        c.setYAxisTitle(yTitle);
        c.getStyler().setLegendPosition(LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setAntiAlias(true);
        // every run starts at 0 (seconds or steps): a fixed origin keeps plots of different runs comparable
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    /** Adds the finite points of one curve; a curve with none is left out so the axes stay meaningful. */
    private void add(XYChart chart, String name, List<EvalPoint> points, ToDoubleFunction<EvalPoint> y, Color color,
            BasicStroke line) {
        double[] xs = points.stream().filter(p -> Double.isFinite(y.applyAsDouble(p))).mapToDouble(xAxis.value)
                .toArray();
        double[] ys = points.stream().mapToDouble(y).filter(Double::isFinite).toArray();
        if (xs.length == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineStyle(line);
        // markers only on solid curves, so that a dashed train loss stays distinguishable from its test loss
        boolean markers = line == SeriesLines.SOLID && xs.length <= MAX_POINTS_WITH_MARKERS;
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
}
