package dev.shoal.eval.experiment;

import dev.shoal.eval.experiment.RunSpec.Group;
import dev.shoal.ml.train.ModelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which figures an experiment's results make: one scalability figure per network, learning curves and latency
 * and staleness distributions per model for the convergence and straggler runs, and bytes per server.
 *
 * <pre>{@code
 * List<Path> pngs = new ExperimentPlotSet(out, results, estimates).write();
 * }</pre>
 */
final class ExperimentPlotSet {
    private final List<RunResult> results;
    private final Estimates estimates;
    private final ExperimentPlots plots;
    private final List<Path> written = new ArrayList<>();

    ExperimentPlotSet(Path dir, List<RunResult> results, Estimates estimates) {
        this.results = results;
        this.estimates = estimates;
        this.plots = new ExperimentPlots(dir);
    }

    List<Path> write() throws IOException {
        List<RunResult> scaling = sorted(of(Group.SCALABILITY, null));
        for (String net : scaling.stream().map(r -> r.spec().network()).distinct().toList()) {
            written.add(plots.scalability(net, scaling.stream().filter(r -> r.spec().network().equals(net)).toList(),
                    estimates::timeToTarget));
        }
        communication(scaling);
        for (ModelKind model : ModelKind.values()) {
            learning(model);
        }
        return List.copyOf(written);
    }

    /** Bytes per server and latency at the largest worker count of the first network. */
    private void communication(List<RunResult> scaling) throws IOException {
        if (scaling.isEmpty()) {
            return;
        }
        String net = scaling.get(0).spec().network();
        int most = scaling.stream().mapToInt(r -> r.spec().workers()).max().orElseThrow();
        List<RunResult> widest = scaling.stream()
                .filter(r -> r.spec().network().equals(net) && r.spec().workers() == most).toList();
        written.add(plots.bytesPerServer(String.format(Locale.ROOT,
                "Payload bytes per step through each server: %d workers, %s links", most, net), widest));
        written.add(plots.latency("latency-scalability", String.format(Locale.ROOT,
                "Request round trips, %d workers, BSP, %s links, by server count", most, net), widest));
    }

    private void learning(ModelKind model) throws IOException {
        for (Group g : List.of(Group.CONVERGENCE, Group.STRAGGLERS)) {
            List<RunResult> runs = of(g, model);
            if (runs.isEmpty()) {
                continue;
            }
            String kind = g == Group.CONVERGENCE ? "convergence" : "stragglers";
            RunSpec first = runs.get(0).spec();
            String shape = String.format(Locale.ROOT, "%s, %d workers, %d servers%s", model.id(), first.workers(),
                    first.servers(), g == Group.STRAGGLERS
                            ? String.format(Locale.ROOT, ", one worker %.3gx slower", first.straggler()) : "");
            written.addAll(plots.curves(kind + "-" + model.id(), shape, runs));
            written.add(plots.latency("latency-" + kind + "-" + model.id(), "Request round trips, " + shape, runs));
        }
        List<RunResult> stale = new ArrayList<>(of(Group.CONVERGENCE, model));
        stale.addAll(of(Group.STRAGGLERS, model));
        stale.removeIf(r -> r.spec().job().consistency().mode().name().equals("BSP"));
        if (!stale.isEmpty()) {
            written.add(plots.staleness("staleness-" + model.id(), "Staleness of served pulls, " + model.id(), stale));
        }
    }

    private List<RunResult> of(Group g, ModelKind model) {
        return results.stream().filter(r -> r.spec().group() == g && (model == null || r.spec().job().model() == model))
                .toList();
    }

    private static List<RunResult> sorted(List<RunResult> runs) {
        return runs.stream().sorted(Comparator.comparing((RunResult r) -> r.spec().network())
                .thenComparingInt(r -> r.spec().servers()).thenComparingInt(r -> r.spec().workers())).toList();
    }
}
