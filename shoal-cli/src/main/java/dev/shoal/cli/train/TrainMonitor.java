package dev.shoal.cli.train;

import dev.shoal.launch.NodeOutput;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.worker.TrainEvent;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows the workers of a training run through their {@link TrainEvent}s: a progress bar on a terminal (epoch,
 * step, samples per second, latest loss and accuracy), a line per evaluation otherwise, and the totals for the
 * summary.
 *
 * <pre>{@code
 * TrainMonitor monitor = new TrainMonitor(out, verbose, globalBatch);
 * LocalCluster.builder().output(monitor)...;      // passes node lines through with --verbose
 * TrainEventFollower.start(cluster.eventsDir(), monitor::event, Duration.ofMillis(100));
 * monitor.close();
 * long bytes = monitor.bytesPushed();
 * }</pre>
 *
 * <p>Events come from the workers' events files, so no log line is parsed and none can be missed. Every evaluation
 * is printed when there is no terminal; on a terminal each one is shown on the bar as it arrives, so the bar's last
 * picture, drawn on {@link #close()}, holds the final evaluation.
 */
final class TrainMonitor implements NodeOutput, AutoCloseable {
    private final PrintWriter out;
    private final boolean verbose;
    /** Where the bar draws, or null without a terminal (then each evaluation is a line of {@link #out}). */
    private final ProgressBarConsumer barConsumer;
    private final boolean terminal;
    private final int globalBatch;
    private ProgressBar bar;
    private long pushed;
    private long pulled;
    private int stepsPerEpoch = 1;
    private int epochs = 1;
    private int workersDone;
    private int servers = 1;
    private String blas = "";
    private double setupSeconds;
    private String lastStep = "";
    private String lastEval = "";

    TrainMonitor(PrintWriter out, boolean verbose, int globalBatch) {
        this(out, verbose, globalBatch, interactiveTerminal(), null);
    }

    /**
     * For tests: {@code terminal} says whether to draw a bar, {@code barConsumer} where (null: the library's
     * console consumer).
     */
    TrainMonitor(PrintWriter out, boolean verbose, int globalBatch, boolean terminal, ProgressBarConsumer barConsumer) {
        this.out = out;
        this.verbose = verbose;
        this.terminal = terminal;
        this.barConsumer = barConsumer;
        this.globalBatch = globalBatch;
    }

    /**
     * Whether stdin and stdout are a terminal. {@code System.console()} alone is not enough: from JDK 22 to 24 it
     * returns a console even when output is redirected (then only {@code Console.isTerminal()}, added in 22, tells),
     * which made {@code shoal train > log} draw a bar into the file instead of printing each evaluation.
     */
    static boolean interactiveTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderThan22) {
            return true;   // before JDK 22 a console exists only on a terminal
        }
    }

    @Override
    public void line(String node, String line) {
        if (verbose) {
            synchronized (this) {
                out.println(NodeOutput.prefix(node, line));
                out.flush();
            }
        }
    }

    /** One event of the worker whose events file is {@code source}. */
    synchronized void event(String source, TrainEvent e) {
        switch (e) {
            case TrainEvent.Started s -> started(s);
            case TrainEvent.Step s -> step(s);
            case TrainEvent.Eval v -> eval(v.point());
            case TrainEvent.Done d -> done(d);
            case TrainEvent.Failed f -> {
                out.println("worker " + f.worker() + " failed: " + f.error());
                out.flush();
            }
        }
    }

    private void started(TrainEvent.Started e) {
        if (e.worker() != 0) {
            return;
        }
        stepsPerEpoch = e.stepsPerEpoch();
        servers = e.servers();
        blas = e.blas();
        epochs = (e.steps() + stepsPerEpoch - 1) / stepsPerEpoch;
        setupSeconds = e.setupSeconds();
        out.printf(Locale.ROOT, "training: %d worker(s), %d steps (%d per epoch, %d samples per worker per step), "
                + "BLAS %s; data read and tables made in %.2f s%n", e.workers(), e.steps(), stepsPerEpoch,
                e.localBatch(), e.blas(), setupSeconds);
        out.flush();
        if (terminal && !verbose) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("").setInitialMax(e.steps())
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).hideEta().continuousUpdate();
            if (barConsumer != null) {
                b.setConsumer(barConsumer);
            }
            bar = b.build();
        }
    }

    private void step(TrainEvent.Step e) {
        if (bar == null) {
            return;
        }
        double seconds = e.trainSeconds();
        bar.stepTo(e.step());
        lastStep = String.format(Locale.ROOT, " ep %d/%d %.0f/s loss %.3g", e.epoch() + 1, epochs,
                seconds > 0 ? e.step() * globalBatch / seconds : 0, e.loss());
        bar.setExtraMessage(lastStep + lastEval);
    }

    private void eval(EvalPoint p) {
        lastEval = String.format(Locale.ROOT, " acc %.1f%%", 100 * p.testAccuracy());
        if (bar != null) {
            // Shown now, not at the next step: after the final evaluation there is none.
            bar.stepTo(Math.max(bar.getCurrent(), p.step()));
            bar.setExtraMessage(lastStep + lastEval);
            return;
        }
        out.printf(Locale.ROOT, "step %6d  epoch %d  %7.2f s  test loss %.4f  test accuracy %.2f%%%n",
                p.step(), p.epoch() + 1, p.trainSeconds(), p.testLoss(), 100 * p.testAccuracy());
        out.flush();
    }

    private void done(TrainEvent.Done e) {
        if (bar != null && e.worker() == 0) {
            bar.stepTo(e.steps());   // step events are throttled: the last ones may not have come
            bar.setExtraMessage(lastStep + lastEval);
        }
        pushed += e.pushed();
        pulled += e.pulled();
        workersDone++;
    }

    synchronized long bytesPushed() {
        return pushed;
    }

    synchronized long bytesPulled() {
        return pulled;
    }

    synchronized int workersDone() {
        return workersDone;
    }

    /** Servers in the cluster, as worker 0 saw them. */
    synchronized int servers() {
        return servers;
    }

    synchronized String blas() {
        return blas;
    }

    /** Worker 0's time to read its data and make the tables, before the first step. */
    synchronized double setupSeconds() {
        return setupSeconds;
    }

    /** Draws the bar a last time, with the final step and evaluation, and ends it. */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.refresh();
            bar.close();
            bar = null;
        }
    }
}
