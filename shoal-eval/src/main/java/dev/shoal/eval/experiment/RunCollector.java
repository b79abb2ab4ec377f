package dev.shoal.eval.experiment;

import dev.shoal.launch.NodeOutput;
import dev.shoal.ml.worker.TrainEvents;
import dev.shoal.client.RequestLatencies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listens to every node of one run: the workers' {@link TrainEvents} lines, and the servers' lines that say where
 * their metrics are served.
 *
 * <pre>{@code
 * RunCollector c = new RunCollector();
 * LocalCluster.builder().output(c)...;            // the cluster's nodes print; c hears every line
 * c.workersDone();                                 // after the run: one done event per worker
 * c.metricsUrls();                                 // server name -> http://10.213.0.3:9100/metrics
 * }</pre>
 *
 * <p>The host's CPU use is sampled when the last worker starts its first step and when the first one finishes,
 * which is the stretch where every worker trains.
 */
final class RunCollector implements NodeOutput {
    private static final Pattern METRICS_URL = Pattern.compile("(http://\\S+/metrics)");

    private final List<TrainEvents.Event> started = new ArrayList<>();
    private final List<TrainEvents.Event> done = new ArrayList<>();
    private final Map<String, String> metricsUrls = new TreeMap<>();
    private final int workers;
    private CpuMeter.Sample trainingStart;
    private CpuMeter.Sample trainingEnd;

    RunCollector(int workers) {
        this.workers = workers;
    }

    @Override
    public synchronized void line(String node, String line) {
        if (node.startsWith("server-") && line.contains("metrics")) {
            Matcher m = METRICS_URL.matcher(line);
            if (m.find()) {
                metricsUrls.put(node, m.group(1));
            }
        }
        Optional<TrainEvents.Event> event = TrainEvents.parse(line);
        if (event.isEmpty()) {
            return;
        }
        switch (event.get().kind()) {
            case "started" -> {
                started.add(event.get());
                if (started.size() == workers) {
                    trainingStart = CpuMeter.sample();
                }
            }
            case "done" -> {
                if (done.isEmpty()) {
                    trainingEnd = CpuMeter.sample();
                }
                done.add(event.get());
            }
            default -> { }
        }
    }

    synchronized List<TrainEvents.Event> workersStarted() {
        return List.copyOf(started);
    }

    synchronized List<TrainEvents.Event> workersDone() {
        return List.copyOf(done);
    }

    /** Server node name to its Prometheus URL, for every server that printed one. */
    synchronized Map<String, String> metricsUrls() {
        return Map.copyOf(metricsUrls);
    }

    /** The host's busy fraction of all cores while every worker trained, NaN if not measured. */
    synchronized double cpuBusy() {
        return trainingStart == null || trainingEnd == null ? Double.NaN : trainingEnd.busySince(trainingStart);
    }

    /** Every worker's request latencies, merged. */
    synchronized RequestLatencies latencies() {
        RequestLatencies all = RequestLatencies.empty();
        for (TrainEvents.Event e : done) {
            String text = e.fields().get("latency");
            if (text != null) {
                all = all.plus(RequestLatencies.parse(text));
            }
        }
        return all;
    }
}
