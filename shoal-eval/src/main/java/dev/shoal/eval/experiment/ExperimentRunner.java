package dev.shoal.eval.experiment;

import dev.shoal.launch.ChaosMonkey;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterBuilder;
import dev.shoal.launch.LocalClusterException;
import dev.shoal.launch.NodeFailure;
import dev.shoal.eval.netem.NetworkEmulationException;
import dev.shoal.launch.JvmOptions;
import dev.shoal.ml.worker.TrainEvent;
import dev.shoal.ml.worker.TrainEventFollower;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.JobFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@link RunSpec}: a whole cluster of separate processes, on loopback or on an emulated network, the
 * workers training the job; then reads the workers' training events (followed as they are written, from
 * {@code <run>/events/}), worker 0's metrics and every server's metrics endpoint (its URL from the server's status
 * file).
 *
 * <pre>{@code
 * ExperimentRunner runner = new ExperimentRunner(Path.of("runs/experiment"), Duration.ofMinutes(5));
 * RunResult r = runner.run(spec);     // runs/experiment/<spec.name()>/{job.yaml,metrics.csv,events/,logs/}
 * }</pre>
 *
 * <p>A straggler is the last worker process started, with {@code --slowdown}. Worker ids follow join order, so it
 * is usually, not always, the worker with the highest id; which one it is changes nothing but whose log says so.
 */
final class ExperimentRunner {
    private static final Duration EVENT_POLL = Duration.ofMillis(100);
    private final Path dir;
    private final Duration timeout;

    ExperimentRunner(Path dir, Duration timeout) {
        this.dir = dir;
        this.timeout = timeout;
    }

    RunResult run(RunSpec spec) throws IOException {
        return run(spec, FaultPlan.NONE).result();
    }

    /**
     * Runs {@code spec} with the coordinator's replication and perhaps a {@link ChaosMonkey} killing a server every
     * so often; the kills' times are seconds since the first worker said it started (within the event poll).
     */
    FaultPlan.Outcome run(RunSpec spec, FaultPlan plan) throws IOException {
        Path runDir = dir.resolve(spec.name()).toAbsolutePath().normalize();
        Files.createDirectories(runDir);
        JobConfig job = spec.job().withOut(runDir).withData(spec.job().data().toAbsolutePath().normalize());
        Path jobFile = runDir.resolve("job.yaml");
        JobFile.write(job, jobFile);
        RunCollector collector = new RunCollector(spec.workers());
        List<ServerFigures.Figures> servers;
        AtomicReference<Instant> origin = new AtomicReference<>();
        List<ChaosMonkey.Struck> struck = List.of();
        try (NetworkSetup network = NetworkSetup.of(spec);
                LocalCluster cluster = cluster(spec, runDir, network, plan)) {
            cluster.start();
            int code;
            try (TrainEventFollower events = TrainEventFollower.start(cluster.eventsDir(), (node, e) -> {
                if (e instanceof TrainEvent.Started) {
                    origin.compareAndSet(null, Instant.now());
                }
                collector.event(node, e);
            }, EVENT_POLL)) {
                startWorkers(spec, cluster, workerArgs(spec, jobFile));
                if (plan.chaos()) {
                    awaitTraining(origin, cluster);
                }
                try (ChaosMonkey chaos = plan.start(cluster)) {
                    code = cluster.awaitWorkers(timeout);
                    struck = chaos == null ? List.of() : chaos.faults();
                }
            }
            Optional<NodeFailure> failure = cluster.failure();
            if (failure.isPresent()) {
                throw new ExperimentException(spec.name() + ": " + failure.get().describe());
            }
            if (code != 0) {
                throw new ExperimentException(spec.name() + ": a worker exited with code " + code + "; logs in "
                        + cluster.logDir());
            }
            // a killed server's figures died with it: a run with kills reports none
            servers = plan.chaos() ? List.of() : ServerFigures.all(cluster.metricsUrls(), spec.servers(), spec.name());
        } catch (LocalClusterException | NetworkEmulationException | IllegalArgumentException e) {
            throw new ExperimentException(spec.name() + ": " + e.getMessage(), e);
        }
        RunResult result = result(spec, job, collector, servers);
        Instant start = origin.get() != null ? origin.get() : Instant.now();
        return new FaultPlan.Outcome(result, FaultMarks.secondsSince(start, struck.stream()
                .map(ChaosMonkey.Struck::at).toList()));
    }

    /** Waits until a worker says it started training, so that every kill lands on a training run. */
    private void awaitTraining(AtomicReference<Instant> origin, LocalCluster cluster) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (origin.get() == null && cluster.failure().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(EVENT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private LocalCluster cluster(RunSpec spec, Path runDir, NetworkSetup network, FaultPlan plan) {
        LocalClusterBuilder b = LocalCluster.builder().servers(spec.servers()).workers(spec.workers())
                .consistency(spec.consistency()).logDir(runDir.resolve("logs")).eventsDir(runDir.resolve("events"))
                .serverArgs(List.of("--metrics-port", "0"))
                .workerJvmOptions(JvmOptions.autoWorkerJit())
                .launchWorkers(false);
        if (plan.replication() > 0) {
            b.coordinatorArgs(List.of("--replication", Integer.toString(plan.replication())));
        }
        network.place(b);
        return b.build();
    }

    private static List<String> workerArgs(RunSpec spec, Path jobFile) {
        List<String> args = new ArrayList<>(List.of("--job", "train", "--job-file", jobFile.toString()));
        if (spec.isCalibrated()) {
            args.addAll(List.of("--compute-time-us", Long.toString(spec.computeMicros())));
        }
        return args;
    }

    private static void startWorkers(RunSpec spec, LocalCluster cluster, List<String> args) {
        if (spec.straggler() <= 1) {
            cluster.startWorkers(spec.workers(), args);
            return;
        }
        cluster.startWorkers(spec.workers() - 1, args);
        List<String> slow = new ArrayList<>(args);
        slow.addAll(List.of("--slowdown", Double.toString(spec.straggler())));
        cluster.startWorkers(1, slow);
    }

    private static RunResult result(RunSpec spec, JobConfig job, RunCollector c, List<ServerFigures.Figures> servers)
            throws IOException {
        List<TrainEvent.Started> started = c.workersStarted();
        List<TrainEvent.Done> done = c.workersDone();
        if (done.size() != spec.workers() || started.isEmpty()) {
            throw new ExperimentException(spec.name() + ": " + done.size() + " of " + spec.workers()
                    + " workers reported their end");
        }
        int steps = done.stream().mapToInt(TrainEvent.Done::steps).min().orElse(0);
        double train = done.stream().mapToDouble(TrainEvent.Done::trainSeconds).max().orElse(Double.NaN);
        double steady = done.stream().mapToDouble(TrainEvent.Done::steadySecondsPerStep).max().orElse(Double.NaN);
        Path metrics = job.out().resolve("metrics.csv");
        List<EvalPoint> evals = Files.exists(metrics) ? MetricsLog.read(metrics) : List.of();
        long[] serverBytes = servers.stream().mapToLong(ServerFigures.Figures::bytes).toArray();
        long[] staleness = ServerFigures.mergedStaleness(servers);
        int maxStaleness = servers.stream().mapToInt(ServerFigures.Figures::maxStaleness).max().orElse(-1);
        return new RunResult(spec, steps, started.get(0).stepsPerEpoch(), train, steady, evals,
                done.stream().mapToLong(TrainEvent.Done::pushed).sum(),
                done.stream().mapToLong(TrainEvent.Done::pulled).sum(), serverBytes, c.latencies(), staleness,
                maxStaleness, c.cpuBusy(), done.stream().mapToDouble(TrainEvent.Done::computeSeconds).sum(),
                done.stream().mapToDouble(TrainEvent.Done::pacedSeconds).sum());
    }
}
