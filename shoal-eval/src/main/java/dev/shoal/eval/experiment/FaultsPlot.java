package dev.shoal.eval.experiment;

import dev.shoal.eval.plot.Figure;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.protocol.table.Consistency;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code faults.png}: test accuracy over wall time of each rule's run with kills and of the same run without, a
 * dashed vertical line at each kill in its rule's colour; the legend names the rule of every curve and line.
 *
 * <pre>{@code
 * Path png = FaultsPlot.write(dir, results.rules());   // dir/faults.png; null when no rule has a run with kills
 * }</pre>
 */
final class FaultsPlot {
    static final String FILE = "faults.png";
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);
    /** ASP red, BSP green: the run with kills dark, its reference without kills light, kills darkest. */
    private static final Color ASP_KILLED = new Color(200, 40, 40);
    private static final Color ASP_REFERENCE = new Color(240, 150, 130);
    private static final Color BSP_KILLED = new Color(30, 130, 60);
    private static final Color BSP_REFERENCE = new Color(130, 200, 140);

    private FaultsPlot() {
    }

    /** Writes the plot; null, and nothing written, when no rule has a finished run with kills. */
    static Path write(Path dir, List<FaultsPart.RuleRuns> rules) throws IOException {
        if (rules.stream().allMatch(r -> r.killed() == null)) {
            return null;
        }
        Figure f = new Figure("Test accuracy, a server killed every " + FaultsPart.KILL_EVERY.toSeconds()
                + " s (sparse LR, 3 servers, K=2)", 1000, 600);
        chart(f.xy("", "wall time since the first step (s)", "test accuracy"), rules);
        Path png = dir.resolve(FILE);
        f.write(png);
        return png;
    }

    /** Adds every rule's curves and kill lines to {@code c}; apart from {@link #write} so a test can read them. */
    static XYChart chart(XYChart c, List<FaultsPart.RuleRuns> rules) {
        // the K=1 runs are not drawn, so they do not stretch the kill lines either
        List<RunResult> drawn = new ArrayList<>();
        for (FaultsPart.RuleRuns r : rules) {
            if (r.killed() != null) {
                drawn.add(r.killed().result());
            }
            if (r.k2() != null) {
                drawn.add(r.k2());
            }
        }
        double[] range = accuracyRange(drawn);
        for (FaultsPart.RuleRuns r : rules) {
            boolean bsp = r.rule().mode() == Consistency.Mode.BSP;
            if (r.killed() != null) {
                curve(c, r.label() + ", with kills", r.killed().result().evaluations(), bsp ? BSP_KILLED : ASP_KILLED);
            }
            if (r.k2() != null) {
                curve(c, r.label() + ", no kills", r.k2().evaluations(), bsp ? BSP_REFERENCE : ASP_REFERENCE);
            }
        }
        for (FaultsPart.RuleRuns r : rules) {
            if (r.killed() != null) {
                kills(c, r, range, (r.rule().mode() == Consistency.Mode.BSP ? BSP_KILLED : ASP_KILLED).darker());
            }
        }
        return c;
    }

    /** One dashed line per kill within the run's curve; only the first is in the legend, as "ASP kill". */
    private static void kills(XYChart c, FaultsPart.RuleRuns r, double[] range, Color color) {
        List<EvalPoint> evals = r.killed().result().evaluations();
        double end = evals.isEmpty() ? 0 : evals.getLast().wallSeconds();
        int i = 0;
        for (double x : FaultMarks.within(r.killed().killSeconds(), end)) {
            // series names must be unique across rules, so each carries its rule
            XYSeries s = c.addSeries(r.label() + " kill" + (i++ == 0 ? "" : " " + i), new double[] {x, x}, range);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color);
            s.setLineStyle(DASHED);
            s.setShowInLegend(i == 1);
        }
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
    static double[] accuracyRange(List<RunResult> runs) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (RunResult r : runs) {
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
