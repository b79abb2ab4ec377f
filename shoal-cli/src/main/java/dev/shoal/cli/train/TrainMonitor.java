package dev.shoal.cli.train;

import dev.shoal.ml.worker.TrainEvents;
import dev.shoal.launch.NodeOutput;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows the workers of a training run through their {@link TrainEvents} lines: a progress bar on a terminal
 * (epoch, step, samples per second, latest loss and accuracy), a line per evaluation otherwise, and the totals
 * for the summary.
 *
 * <pre>{@code
 * TrainMonitor monitor = new TrainMonitor(out, verbose, globalBatch);
 * LocalCluster.builder().output(monitor)...;
 * monitor.close();
 * long bytes = monitor.bytesPushed();
 * }</pre>
 */
final class TrainMonitor implements NodeOutput, AutoCloseable {
    private final PrintWriter out;
    private final boolean verbose;
    private final boolean terminal;
    private final int globalBatch;
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong pulled = new AtomicLong();
    private ProgressBar bar;
    private int stepsPerEpoch = 1;
    private int epochs = 1;
    private int workersDone;
    private int servers = 1;
    private String blas = "";
    private double setupSeconds;
    private String lastEval = "";

    TrainMonitor(PrintWriter out, boolean verbose, int globalBatch) {
        this.out = out;
        this.verbose = verbose;
        this.terminal = System.console() != null;
        this.globalBatch = globalBatch;
    }

    @Override
    public synchronized void line(String node, String line) {
        if (verbose) {
            out.println(NodeOutput.prefix(node, line));
        }
        TrainEvents.parse(line).ifPresent(this::event);
    }

    private void event(TrainEvents.Event e) {
        switch (e.kind()) {
            case "started" -> started(e);
            case "step" -> step(e);
            case "eval" -> eval(e);
            case "done" -> done(e);
            default -> { }
        }
    }

    private void started(TrainEvents.Event e) {
        if (e.whole("worker") != 0) {
            return;
        }
        stepsPerEpoch = (int) e.whole("steps_per_epoch");
        servers = (int) e.whole("servers");
        blas = e.fields().getOrDefault("blas", "");
        int steps = (int) e.whole("steps");
        epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
        setupSeconds = e.number("setup_s");
        out.printf(Locale.ROOT, "training: %d worker(s), %d steps (%d per epoch, %d samples per worker per step), "
                + "BLAS %s; data read and tables made in %.2f s%n", e.whole("workers"), steps, stepsPerEpoch,
                e.whole("local_batch"), e.fields().get("blas"), setupSeconds);
        out.flush();
        if (terminal && !verbose) {
            bar = new ProgressBarBuilder().setTaskName("").setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).hideEta().continuousUpdate().build();
        }
    }

    private void step(TrainEvents.Event e) {
        if (bar == null) {
            return;
        }
        long step = e.whole("step");
        double seconds = e.number("train_s");
        bar.stepTo(step);
        bar.setExtraMessage(String.format(Locale.ROOT, " ep %d/%d %.0f/s loss %.3g%s",
                e.whole("epoch") + 1, epochs, seconds > 0 ? step * globalBatch / seconds : 0, e.number("loss"),
                lastEval));
    }

    private void eval(TrainEvents.Event e) {
        double acc = e.number("test_acc");
        lastEval = String.format(Locale.ROOT, " acc %.1f%%", 100 * acc);
        if (bar == null) {
            out.printf(Locale.ROOT, "step %6d  epoch %d  %7.2f s  test loss %.4f  test accuracy %.2f%%%n",
                    e.whole("step"), e.whole("epoch") + 1, e.number("train_s"), e.number("test_loss"), 100 * acc);
            out.flush();
        }
    }

    private void done(TrainEvents.Event e) {
        if (bar != null && e.whole("worker") == 0) {
            bar.stepTo(e.whole("steps"));   // step lines are throttled: the last ones may not have come
        }
        pushed.addAndGet(e.whole("pushed"));
        pulled.addAndGet(e.whole("pulled"));
        workersDone++;
    }

    long bytesPushed() {
        return pushed.get();
    }

    long bytesPulled() {
        return pulled.get();
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

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
