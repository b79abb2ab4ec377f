package dev.shoal.eval.experiment;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.worker.TrainEvent;
import dev.shoal.ml.worker.TrainEventFollower;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the training events of every worker of one run, as a {@link TrainEventFollower} reads them from the
 * workers' events files.
 *
 * <pre>{@code
 * RunCollector c = new RunCollector(workers);
 * try (TrainEventFollower f = TrainEventFollower.start(cluster.eventsDir(), c::event, Duration.ofMillis(100))) {
 *     cluster.awaitWorkers(timeout);
 * }
 * c.workersDone();                                 // after the run: one done event per worker
 * }</pre>
 *
 * <p>The host's CPU use is sampled when the last worker starts its first step and when the first one finishes,
 * which is the stretch where every worker trains.
 */
final class RunCollector {
    private final List<TrainEvent.Started> started = new ArrayList<>();
    private final List<TrainEvent.Done> done = new ArrayList<>();
    private final int workers;
    private CpuMeter.Sample trainingStart;
    private CpuMeter.Sample trainingEnd;

    RunCollector(int workers) {
        this.workers = workers;
    }

    /** One event of the worker whose events file is {@code source}. */
    synchronized void event(String source, TrainEvent event) {
        switch (event) {
            case TrainEvent.Started s -> {
                started.add(s);
                if (started.size() == workers) {
                    trainingStart = CpuMeter.sample();
                }
            }
            case TrainEvent.Done d -> {
                if (done.isEmpty()) {
                    trainingEnd = CpuMeter.sample();
                }
                done.add(d);
            }
            default -> { }
        }
    }

    synchronized List<TrainEvent.Started> workersStarted() {
        return List.copyOf(started);
    }

    synchronized List<TrainEvent.Done> workersDone() {
        return List.copyOf(done);
    }

    /** The host's busy fraction of all cores while every worker trained, NaN if not measured. */
    synchronized double cpuBusy() {
        return trainingStart == null || trainingEnd == null ? Double.NaN : trainingEnd.busySince(trainingStart);
    }

    /** Every worker's request latencies, merged. */
    synchronized RequestLatencies latencies() {
        RequestLatencies all = RequestLatencies.empty();
        for (TrainEvent.Done e : done) {
            all = all.plus(e.latencies());
        }
        return all;
    }
}
