package dev.shoal.eval.experiment;

import dev.shoal.eval.plot.Figure;
import dev.shoal.ml.report.EvalPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code faults.png}: test accuracy over wall time of the run with kills and of the same run without, a dashed
 * vertical line at each kill.
 *
 * <pre>{@code
 * Path png = FaultsPlot.write(dir, killedRun, killSeconds, referenceRun);   // dir/faults.png
 * }</pre>
 */
final class FaultsPlot {
    static final String FILE = "faults.png";
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private FaultsPlot() {
    }

    /** Writes the plot; {@code reference} may be null. */
    static Path write(Path dir, RunResult killed, List<Double> killSeconds, RunResult reference) throws IOException {
        Figure f = new Figure("Test accuracy, a server killed every " + FaultsPart.KILL_EVERY.toSeconds()
                + " s (ASP, sparse LR, 3 servers, K=2)", 1000, 600);
        XYChart c = f.xy("", "wall time since the first step (s)", "test accuracy");
        curve(c, "with kills", killed.evaluations(), new Color(200, 40, 40));
        if (reference != null) {
            curve(c, "no kills", reference.evaluations(), new Color(40, 90, 200));
        }
        double[] range = accuracyRange(killed, reference);
        double end = killed.evaluations().isEmpty() ? 0 : killed.evaluations().getLast().wallSeconds();
        int i = 0;
        for (double x : FaultMarks.within(killSeconds, end)) {
            XYSeries s = c.addSeries(i++ == 0 ? "kill" : "kill " + i, new double[] {x, x}, range);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Color.DARK_GRAY);
            s.setLineStyle(DASHED);
            s.setShowInLegend(i == 1);
        }
        Path png = dir.resolve(FILE);
        f.write(png);
        return png;
    }

    private static void curve(XYChart c, String name, List<EvalPoint> points, Color color) {
        List<EvalPoint> ok = points.stream().filter(p -> Double.isFinite(p.testAccuracy())).toList();
        if (ok.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, ok.stream().mapToDouble(EvalPoint::wallSeconds).toArray(),
                ok.stream().mapToDouble(EvalPoint::testAccuracy).toArray());
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
    }

    /** The y span of the kill lines: the curves' lowest and highest accuracy, or 0..1 when there are none. */
    static double[] accuracyRange(RunResult a, RunResult b) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (RunResult r : b == null ? List.of(a) : List.of(a, b)) {
            for (EvalPoint p : r.evaluations()) {
                if (Double.isFinite(p.testAccuracy())) {
                    lo = Math.min(lo, p.testAccuracy());
                    hi = Math.max(hi, p.testAccuracy());
                }
            }
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi};
    }
}
