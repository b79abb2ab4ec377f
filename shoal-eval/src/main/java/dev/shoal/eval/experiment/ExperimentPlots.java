package dev.shoal.eval.experiment;

import dev.shoal.eval.plot.Figure;
import dev.shoal.eval.plot.TrainingPlot;
import dev.shoal.ml.report.EvalPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.colors.XChartSeriesColors;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The experiment's PNG plots, one method per figure of the report.
 *
 * <pre>{@code
 * ExperimentPlots plots = new ExperimentPlots(outDir);
 * Path p = plots.scalability("1gbit", scalingRuns, estimates::timeToTarget);
 * }</pre>
 */
final class ExperimentPlots {
    private static final Color[] COLORS = new XChartSeriesColors().getSeriesColors();
    private static final BasicStroke IDEAL = SeriesLines.DASH_DASH;

    private final Path dir;

    ExperimentPlots(Path dir) {
        this.dir = dir;
    }

    /**
     * Throughput, time per epoch and estimated time to target against workers, one colour per server count, each
     * with its ideal (linear from its 1-worker run) dashed.
     */
    Path scalability(String network, List<RunResult> runs, ToDoubleFunction<RunResult> timeToTarget)
            throws IOException {
        Figure f = new Figure("Weak scaling, MLP, BSP, " + network + " links per node (calibrated compute)", 1650,
                520);
        XYChart thr = f.xy("throughput", "workers", "samples / s");
        XYChart epoch = f.xy("time per epoch", "workers", "seconds");
        XYChart target = f.xy("time to target accuracy (estimated)", "workers", "seconds");
        int c = 0;
        for (Map.Entry<Integer, List<RunResult>> e : byServers(runs).entrySet()) {
            List<RunResult> line = e.getValue();
            Color color = COLORS[c++ % COLORS.length];
            String label = e.getKey() + " server" + (e.getKey() == 1 ? "" : "s");
            double[] w = line.stream().mapToDouble(r -> r.spec().workers()).toArray();
            RunResult one = line.get(0);
            series(thr, label, w, values(line, RunResult::samplesPerSecond), color, SeriesLines.SOLID);
            series(epoch, label, w, values(line, RunResult::secondsPerEpoch), color, SeriesLines.SOLID);
            series(target, label, w, values(line, timeToTarget), color, SeriesLines.SOLID);
            if (one.spec().workers() == 1) {
                series(thr, label + " ideal", w, scaled(w, one.samplesPerSecond(), 1), color, IDEAL);
                series(epoch, label + " ideal", w, scaled(w, one.secondsPerEpoch(), -1), color, IDEAL);
            }
        }
        for (XYChart chart : List.of(thr, epoch, target)) {
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        }
        return write(f, "scalability-" + network + ".png");
    }

    /** Test accuracy and loss against training time and against steps, one curve per run. */
    List<Path> curves(String name, String title, List<RunResult> runs) throws IOException {
        Map<String, List<EvalPoint>> curves = new LinkedHashMap<>();
        for (RunResult r : runs) {
            if (!r.evaluations().isEmpty()) {
                curves.put(r.spec().consistency(), r.evaluations());
            }
        }
        if (curves.isEmpty()) {
            return List.of();
        }
        Path time = dir.resolve(name + "-time.png");
        Path steps = dir.resolve(name + "-steps.png");
        new TrainingPlot(title + " (x: training seconds)").write(time, curves);
        new TrainingPlot(title + " (x: steps)").withXAxis(TrainingPlot.XAxis.STEPS).write(steps, curves);
        return List.of(time, steps);
    }

    /** Payload megabytes per step through each server, one panel per run (server count). */
    Path bytesPerServer(String title, List<RunResult> runs) throws IOException {
        Figure f = new Figure(title, Math.max(600, 420 * runs.size()), 440);
        for (RunResult r : runs) {
            CategoryChart bars = new CategoryChart(100, 100);
            bars.setTitle(r.spec().servers() + " server(s), " + r.spec().workers() + " workers");
            bars.setXAxisTitle("server");
            bars.setYAxisTitle("MB per step (pushed in + pulled out)");
            bars.getStyler().setLegendVisible(false);
            bars.getStyler().setChartBackgroundColor(Color.WHITE);
            double[] mb = r.bytesPerStepPerServer();
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < mb.length; i++) {
                names.add("server " + i);
                values.add(mb[i] / 1e6);
            }
            bars.addSeries("MB/step", names, values);
            f.add(bars);
        }
        return write(f, "bytes-per-server.png");
    }

    /** Cumulative distributions of push and pull round trips, one curve per run. */
    Path latency(String name, String title, List<RunResult> runs) throws IOException {
        Figure f = new Figure(title, 1400, 500);
        XYChart push = f.xy("push round trip", "microseconds (log)", "fraction of requests at most");
        XYChart pull = f.xy("pull round trip (includes the consistency gate's wait)", "microseconds (log)",
                "fraction of requests at most");
        int c = 0;
        for (RunResult r : runs) {
            Color color = COLORS[c++ % COLORS.length];
            cdf(push, label(r), r.latencies().push(), color);
            cdf(pull, label(r), r.latencies().pull(), color);
        }
        for (XYChart chart : List.of(push, pull)) {
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        return write(f, name + ".png");
    }

    /** Fraction of pulls served at each clock gap, one curve per run. */
    Path staleness(String name, String title, List<RunResult> runs) throws IOException {
        Figure f = new Figure(title, 900, 500);
        XYChart chart = f.xy("served staleness", "clocks ahead of the slowest worker", "fraction of pulls");
        int c = 0;
        for (RunResult r : runs) {
            long total = 0;
            for (long n : r.staleness()) {
                total += n;
            }
            if (total == 0) {
                continue;
            }
            int last = r.staleness().length - 1;
            while (last > 0 && r.staleness()[last] == 0) {
                last--;
            }
            double[] x = new double[last + 1];
            double[] y = new double[last + 1];
            for (int gap = 0; gap <= last; gap++) {
                x[gap] = gap;
                y[gap] = (double) r.staleness()[gap] / total;
            }
            series(chart, label(r), x, y, COLORS[c++ % COLORS.length], SeriesLines.SOLID);
        }
        chart.getStyler().setYAxisMin(0.0);
        int beyond = ServerFigures.STALENESS_CELLS - 1;
        chart.setCustomXAxisTickLabelsFormatter(x -> x >= beyond ? ">" + (beyond - 1) : Long.toString(Math.round(x)));
        return write(f, name + ".png");
    }

    /** Scaling runs differ by server count, the others by consistency mode. */
    private static String label(RunResult r) {
        if (r.spec().group() == RunSpec.Group.SCALABILITY) {
            return r.spec().servers() + " server" + (r.spec().servers() == 1 ? "" : "s");
        }
        return r.spec().consistency() + (r.spec().straggler() > 1 ? " (straggler)" : "");
    }

    private static void cdf(XYChart chart, String label, Histogram h, Color color) {
        if (h.getTotalCount() == 0) {
            return;
        }
        List<HistogramIterationValue> recorded = new ArrayList<>();
        h.recordedValues().forEach(recorded::add);
        double[] x = new double[recorded.size()];
        double[] y = new double[recorded.size()];
        for (int i = 0; i < x.length; i++) {
            HistogramIterationValue v = recorded.get(i);
            x[i] = Math.max(1, h.medianEquivalentValue(v.getValueIteratedTo()) / 1e3);
            y[i] = (double) v.getTotalCountToThisValue() / h.getTotalCount();
        }
        series(chart, label, x, y, color, SeriesLines.SOLID).setMarker(SeriesMarkers.NONE);
    }

    private static XYSeries series(XYChart chart, String name, double[] x, double[] y, Color color,
            BasicStroke line) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineStyle(line);
        s.setMarker(line == IDEAL ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        return s;
    }

    private static Map<Integer, List<RunResult>> byServers(List<RunResult> runs) {
        Map<Integer, List<RunResult>> m = new LinkedHashMap<>();
        for (RunResult r : runs) {
            m.computeIfAbsent(r.spec().servers(), k -> new ArrayList<>()).add(r);
        }
        m.values().forEach(l -> l.sort((a, b) -> Integer.compare(a.spec().workers(), b.spec().workers())));
        return m;
    }

    private static double[] values(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    /** {@code base * w^sign}: linear growth (+1) or linear shrinking (-1) from the 1-worker value. */
    private static double[] scaled(double[] w, double base, int sign) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = sign > 0 ? base * w[i] : base / w[i];
        }
        return out;
    }

    private Path write(Figure f, String file) throws IOException {
        Path png = dir.resolve(file);
        f.write(png);
        return png;
    }
}
