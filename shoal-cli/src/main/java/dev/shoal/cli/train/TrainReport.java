package dev.shoal.cli.train;

import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import dev.shoal.ml.report.RunSummary;
import dev.shoal.eval.plot.TrainingPlot;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.OptimizerText;
import dev.shoal.ml.train.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code shoal train}: worker 0's metrics turned into {@code summary.json}, {@code plot.png} and a
 * few lines on the console.
 *
 * <pre>{@code
 * RunSummary s = new TrainReport(job, workers, monitor).write(out);
 * }</pre>
 */
final class TrainReport {
    private final JobConfig job;
    private final int workers;
    private final TrainMonitor monitor;

    TrainReport(JobConfig job, int workers, TrainMonitor monitor) {
        this.job = job;
        this.workers = workers;
        this.monitor = monitor;
    }

    RunSummary write(PrintWriter out) throws IOException {
        Path dir = job.out();
        List<EvalPoint> points = MetricsLog.read(dir.resolve("metrics.csv"));
        if (points.isEmpty()) {
            throw new IOException(dir.resolve("metrics.csv") + " has no evaluation: worker 0 did not finish one");
        }
        RunSummary summary = summarize(points);
        summary.writeJson(dir.resolve("summary.json"));
        Path plot = dir.resolve("plot.png");
        new TrainingPlot(title()).write(plot, Map.of(job.consistency().toString(), points));
        print(out, summary, plot);
        return summary;
    }

    private RunSummary summarize(List<EvalPoint> points) {
        EvalPoint last = points.get(points.size() - 1);
        EvalPoint hit = null;
        for (EvalPoint p : points) {
            if (job.targetAccuracy() > 0 && p.testAccuracy() >= job.targetAccuracy()) {
                hit = p;
                break;
            }
        }
        double samplesPerSecond = last.trainSeconds() > 0 ? (double) last.step() * job.batch() / last.trainSeconds()
                : 0;
        return new RunSummary(job.model().id(), job.data().toString(), workers, monitor.servers(),
                job.consistency().toString(), OptimizerText.format(job.optimizer()), last.step(), last.epoch() + 1,
                last.trainSeconds(), last.wallSeconds(), last.testAccuracy(), last.testLoss(), job.targetAccuracy(),
                hit == null ? Double.NaN : hit.trainSeconds(), hit == null ? -1 : hit.step(), monitor.bytesPushed(),
                monitor.bytesPulled(), samplesPerSecond, monitor.blas());
    }

    private String title() {
        return job.model().id() + ", " + workers + " worker(s), " + monitor.servers() + " server(s), "
                + job.consistency() + ", " + OptimizerText.format(job.optimizer());
    }

    private void print(PrintWriter out, RunSummary s, Path plot) {
        out.printf(Locale.ROOT, "%nshoal train: done in %.2f s of training (%.2f s with evaluations, %.2f s with "
                + "reading the data before), %d steps, %.0f samples/s%n", s.trainSeconds(), s.wallSeconds(),
                s.wallSeconds() + monitor.setupSeconds(), s.steps(), s.samplesPerSecond());
        out.printf(Locale.ROOT, "  final test accuracy %.2f%%, test loss %.4f%n", 100 * s.finalTestAccuracy(),
                s.finalTestLoss());
        if (job.targetAccuracy() > 0) {
            out.println(s.reachedTarget()
                    ? String.format(Locale.ROOT, "  reached %.2f%% after %.2f s (step %d)", 100 * job.targetAccuracy(),
                            s.timeToTargetSeconds(), s.stepsToTarget())
                    : String.format(Locale.ROOT, "  did not reach %.2f%%", 100 * job.targetAccuracy()));
        }
        out.printf(Locale.ROOT, "  pushed %.1f MB, pulled %.1f MB over %d worker(s) and %d server(s)%n",
                s.bytesPushed() / 1e6, s.bytesPulled() / 1e6, s.workers(), s.servers());
        out.printf("  plot %s%n  metrics %s, summary %s, model %s%n", plot, job.out().resolve("metrics.csv"),
                job.out().resolve("summary.json"), job.out().resolve(TrainingJob.MODEL_FILE));
        out.flush();
    }
}
