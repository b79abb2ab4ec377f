package dev.shoal.eval.experiment;

import dev.shoal.eval.experiment.RunSpec.Group;
import dev.shoal.ml.train.OptimizerText;
import dev.shoal.transport.stats.LatencyHistograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code report.md}: the experiment's tables in Markdown, with links to its plots, ready to paste into
 * docs/EVALUATION.md.
 *
 * <pre>{@code
 * new ExperimentReport(results, estimates, header).write(out.resolve("report.md"), plots, minutes);
 * }</pre>
 */
final class ExperimentReport {
    private final List<RunResult> results;
    private final Estimates estimates;
    private final String header;
    private final StringBuilder md = new StringBuilder();

    ExperimentReport(List<RunResult> results, Estimates estimates, String header) {
        this.results = results;
        this.estimates = estimates;
        this.header = header;
    }

    /** Writes the report; {@code faults} is the Faults section's Markdown, empty when that part did not run. */
    void write(Path file, List<Path> plots, String faults, double minutes) throws IOException {
        md.append(header).append("\n\n");
        references();
        scalability();
        modes("Convergence", Group.CONVERGENCE);
        modes("Stragglers", Group.STRAGGLERS);
        balance();
        md.append(faults);
        md.append("## Plots\n\n");
        for (Path p : plots) {
            md.append("![").append(p.getFileName()).append("](").append(p.getFileName()).append(")\n\n");
        }
        md.append(String.format(Locale.ROOT, "The whole experiment took %.1f minutes.%n", minutes));
        Files.writeString(file, md.toString());
    }

    private void references() {
        List<RunResult> refs = of(Group.REFERENCE);
        if (refs.isEmpty()) {
            return;
        }
        md.append("## Reference runs (1 worker, 1 server, real compute, loopback)\n\n");
        row("global batch", "optimizer", "steps to target", "time to target (s)", "compute per step (ms)",
                "final accuracy");
        rule(6);
        for (RunResult r : refs) {
            row(r.spec().job().batch(), OptimizerText.format(r.spec().job().optimizer()),
                    r.stepsToTarget(), f2(r.timeToTarget()), f3(r.computeSeconds() / r.steps() * 1e3),
                    pct(r.finalAccuracy()));
        }
        md.append('\n');
    }

    private void scalability() {
        Map<String, List<RunResult>> byNet = new TreeMap<>();
        for (RunResult r : of(Group.SCALABILITY)) {
            byNet.computeIfAbsent(r.spec().network(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<RunResult>> e : byNet.entrySet()) {
            md.append("## Scalability at ").append(e.getKey()).append(" per node\n\n");
            row("workers", "servers", "ms / step", "s / epoch", "samples / s", "speed-up", "efficiency",
                    "MB/s per worker", "time to target (s, est.)", "host CPU busy");
            rule(10);
            for (RunResult r : e.getValue()) {
                Optional<RunResult> one = e.getValue().stream()
                        .filter(o -> o.spec().servers() == r.spec().servers() && o.spec().workers() == 1).findFirst();
                double speedup = one.map(o -> r.samplesPerSecond() / o.samplesPerSecond()).orElse(Double.NaN);
                row(r.spec().workers(), r.spec().servers(), f2(r.secondsPerStep() * 1e3), f2(r.secondsPerEpoch()),
                        f0(r.samplesPerSecond()), f2(speedup), pct(speedup / r.spec().workers()),
                        f1(r.bytesPerSecondPerWorker() / 1e6), f2(estimates.timeToTarget(r)), pct(r.cpuBusy()));
            }
            md.append('\n');
        }
    }

    private void modes(String title, Group group) {
        List<RunResult> runs = of(group);
        if (runs.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        row("model", "mode", "workers x servers", "final acc.", "best acc.", "time to target (s)", "steps to target",
                "training (s)", "staleness mean / max", "pull p50 / p99 (ms)");
        rule(10);
        for (RunResult r : runs) {
            row(r.spec().job().model().id(), r.spec().consistency(), r.spec().workers() + " x " + r.spec().servers(),
                    pct(r.finalAccuracy()), pct(r.bestAccuracy()), f2(r.timeToTarget()), r.stepsToTarget(),
                    f2(r.trainSeconds()), f2(r.meanStaleness()) + " / " + r.maxStaleness(),
                    ms(r, 0.5) + " / " + ms(r, 0.99));
        }
        md.append('\n');
    }

    private void balance() {
        List<RunResult> runs = results.stream().filter(r -> r.spec().servers() > 1).toList();
        if (runs.isEmpty()) {
            return;
        }
        md.append("## Bytes per server\n\n");
        row("run", "servers", "MB per step through each server", "busiest vs mean");
        rule(4);
        for (RunResult r : runs) {
            StringBuilder mb = new StringBuilder();
            for (double b : r.bytesPerStepPerServer()) {
                mb.append(mb.isEmpty() ? "" : ", ").append(f3(b / 1e6));
            }
            row(r.spec().name(), r.spec().servers(), mb, "+" + pct(r.serverImbalance()));
        }
        md.append('\n');
    }

    private List<RunResult> of(Group g) {
        return results.stream().filter(r -> r.spec().group() == g).toList();
    }

    private void row(Object... cells) {
        md.append('|');
        for (Object c : cells) {
            md.append(' ').append(c).append(" |");
        }
        md.append('\n');
    }

    private void rule(int n) {
        md.append('|').append("---|".repeat(n)).append('\n');
    }

    private static String ms(RunResult r, double q) {
        return r.latencies().pull().getTotalCount() == 0 ? "-"
                : f2(LatencyHistograms.percentile(r.latencies().pull(), q) / 1e6);
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : "-";
    }

    static String f0(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "-";
    }

    static String f1(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "-";
    }

    static String f2(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    static String f3(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }
}
