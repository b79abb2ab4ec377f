package dev.shoal.cli.bench;

import dev.shoal.bench.launch.WorkerFleet;
import dev.shoal.bench.pushpull.BenchWorker;
import dev.shoal.bench.pushpull.WorkerResult;
import dev.shoal.bench.pushpull.Workload;
import dev.shoal.cli.node.StatusFileOption;
import dev.shoal.client.ClientConfig;
import dev.shoal.client.ShoalClient;
import dev.shoal.transport.status.NodeStatusFile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shoal bench worker} (hidden): one bench worker process, started by {@code shoal bench pushpull}.
 *
 * <pre>{@code
 * shoal bench worker --coordinator 127.0.0.1:7100 --size 4194304 --window 1 --runs 5 --seconds 3
 * }</pre>
 *
 * <p>Reports its measurements as the result of its {@code done} status ({@code --status-file}, see
 * {@link NodeStatusFile}), which {@code WorkerFleet} reads; stdout gets one line for people.
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Joins a job, runs timed push and pull loops, reports the measurements in its status file.")
public final class BenchWorkerCommand implements Callable<Integer> {

    @Option(names = "--coordinator", required = true, description = "The coordinator's host:port.")
    String coordinator;

    @Option(names = "--size", description = "Dense table bytes (default: ${DEFAULT-VALUE}).")
    long size = 4 << 20;

    @Option(names = "--window", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int window = 1;

    @Option(names = "--sparse-keys", description = "Keys per sparse request; 0 = dense (default: ${DEFAULT-VALUE}).")
    long sparseKeys;

    @Option(names = "--runs", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--seconds", description = "Length of each timed loop (default: ${DEFAULT-VALUE}).")
    double seconds = 3;

    @Option(names = "--warmup-ms", description = "Untimed loops before the runs (default: ${DEFAULT-VALUE}).")
    long warmupMs = Workload.DEFAULT_WARMUP.toMillis();

    @Option(names = "--seed", description = "Seed of the sparse keys (default: ${DEFAULT-VALUE}).")
    long seed = Workload.DEFAULT_SEED;

    @Option(names = "--join-timeout-s", description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    long joinTimeoutSeconds = 60;

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    /** The arguments after {@code bench worker --coordinator HOST:PORT} that run {@code w}. */
    static List<String> argsFor(Workload w) {
        return List.of("--size", Long.toString(w.sizeBytes()),
                "--window", Integer.toString(w.window()), "--sparse-keys", Long.toString(w.sparseKeys()),
                "--runs", Integer.toString(w.runs()), "--seconds", Double.toString(w.seconds().toNanos() / 1e9),
                "--warmup-ms", Long.toString(w.warmup().toMillis()), "--seed", Long.toString(w.seed()));
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    @Override
    public Integer call() {
        Workload w = new Workload(size, window, sparseKeys, runs, seconds(seconds), Duration.ofMillis(warmupMs),
                seed);
        ClientConfig config = ClientConfig.of(coordinator).withJoinTimeout(Duration.ofSeconds(joinTimeoutSeconds));
        NodeStatusFile status = statusFile.open("bench-worker");
        try (ShoalClient ps = ShoalClient.connect(config)) {
            status.update(s -> s.ready(null, null).withNodeId(ps.workerId()));
            WorkerResult r = BenchWorker.run(ps, w);
            status.update(s -> s.done(NodeStatusFile.parseTree(r.toJson())));
            System.out.printf("bench worker %d done: %d runs of push and pull%n", r.worker(), r.push().runs().size());
            System.out.flush();
        } catch (RuntimeException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
        }
        return 0;
    }
}
