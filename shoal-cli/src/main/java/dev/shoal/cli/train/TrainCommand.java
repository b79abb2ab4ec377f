package dev.shoal.cli.train;

import dev.shoal.cli.Shoal;
import dev.shoal.cli.local.ChaosOptions;
import dev.shoal.cli.node.Endpoint;
import dev.shoal.launch.ChaosMonkey;
import dev.shoal.launch.JvmOptions;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterException;
import dev.shoal.launch.NodeFailure;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.data.SpamAssassinReader;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.JobFile;
import dev.shoal.ml.worker.TrainEventFollower;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal train}: runs a training job on workers started here, against a running cluster or a local one,
 * and reports it.
 *
 * <pre>{@code
 * shoal train examples/mlp-fashion-mnist.yaml --local --servers 2 --workers 2
 * shoal train examples/sparse-lr-spam.yaml --coordinator 10.0.0.1:7100 --workers 4
 * }</pre>
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        sortOptions = false,
        header = "Train a model through a Shoal cluster: Fashion-MNIST MLP or SpamAssassin logistic regression.",
        description = {
            "Starts W worker processes here, each training on its shard of the data set; with --local it also "
                    + "starts the coordinator and S servers, all on 127.0.0.1, and stops them at the end.",
            "",
            "Worker 0 evaluates on the test set as it goes. The run's directory gets job.yaml (the exact job), "
                    + "metrics.csv, summary.json, plot.png (test accuracy and loss over time), model.bin, "
                    + "the workers' training events (events/*.jsonl) and every node's log and status (logs/)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal train examples/mlp-fashion-mnist.yaml --local",
            "  shoal train examples/mlp-fashion-mnist.yaml --local --workers 1 --consistency asp",
            "  shoal train --model sparse-lr --local --epochs 3 --optimizer adagrad:lr=0.5",
            "  shoal train examples/sparse-lr-spam.yaml --coordinator 10.0.0.1:7100 --workers 2"})
public final class TrainCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** How often the workers' events files are read: the bar moves at this pace at best. */
    private static final Duration EVENT_POLL = Duration.ofMillis(100);
    /**
     * Up to this many cores, workers run with C1 only: their hot paths are native BLAS and intrinsic copies, which
     * C1 runs as fast, while C2 took a third of a 2-core machine's CPU in a short run (30 % slower to 85 %).
     */

    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions jobOptions = new JobOptions();

    @Option(names = "--replication", paramLabel = "K", description = "--local: servers holding each slice and "
            + "partition of a table (default: 2 with 2 servers or more).")
    int replication = 0;

    @Mixin
    ChaosOptions chaos = new ChaosOptions();

    @Option(names = "--local", description = "Start a coordinator and servers on this machine too.")
    boolean local;

    @Option(names = "--coordinator", paramLabel = "HOST:PORT", description = "A running cluster's coordinator.")
    String coordinator;

    @Option(names = "--servers", paramLabel = "S", description = "--local: servers (default: ${DEFAULT-VALUE}).")
    int servers = 2;

    @Option(names = "--workers", paramLabel = "W", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "JVM option for every node; repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--worker-jvm-opt", paramLabel = "OPT",
            description = "JVM option for the workers only; repeatable, e.g. --worker-jvm-opt=-XX:TieredStopAtLevel=1 "
                    + "(see docs/PERFORMANCE.md).")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = "--worker-jit", paramLabel = "JIT",
            description = "c1, c2 or auto (default: ${DEFAULT-VALUE}): auto stops the workers' JIT at C1 on a machine "
                    + "with " + JvmOptions.SMALL_MACHINE_CORES + " cores or fewer, where C2 compiling takes cores from "
                    + "training (docs/PERFORMANCE.md).")
    String workerJit = "auto";

    @Option(names = "--timeout-s", paramLabel = "SECONDS",
            description = "Give up if training runs longer (default: ${DEFAULT-VALUE}; 0: never).")
    long timeoutSeconds = 3600;

    @Option(names = "--pull-timeout-s", paramLabel = "SECONDS", description = "Each worker's deadline for one pull "
            + "(passed to 'shoal worker'; default: the worker's, 300): raise it when one step can take longer, since a "
            + "BSP pull waits for the slowest worker.")
    Long pullTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print every node's log lines here too.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobConfig job = job();
        requireData(job);
        Path jobFile = job.out().resolve("job.yaml");
        Files.createDirectories(job.out());
        JobFile.write(job, jobFile);
        out.printf("shoal train: %s%nshoal train: run directory %s%s%n", job, job.out(),
                workerC1() ? "; workers' JIT stops at C1 (--worker-jit)" : "");
        out.flush();
        int code;
        try (TrainMonitor monitor = new TrainMonitor(out, verbose, job.batch());
                LocalCluster cluster = cluster(job, jobFile, monitor)) {
            cluster.start();
            try (TrainEventFollower events = TrainEventFollower.start(cluster.eventsDir(), monitor::event,
                    EVENT_POLL);
                    ChaosMonkey monkey = local ? chaos.start(cluster, out) : null) {
                code = cluster.awaitWorkers(timeout());
            }   // closing reads the events written last, the final evaluation among them
            monitor.close();
            Optional<NodeFailure> failure = cluster.failure();
            if (failure.isPresent()) {
                err.println("shoal train: " + failure.get().describe());
                return code == 0 ? 1 : code;
            }
            if (code != 0) {
                err.println("shoal train: workers stopped with code " + code + "; logs in " + cluster.logDir());
                return code;
            }
            new TrainReport(job, workers, monitor).write(out);
            return 0;
        } catch (LocalClusterException e) {
            err.println("shoal train: " + e.getMessage());
            return 1;
        }
    }

    private JobConfig job() throws IOException {
        if (local == (coordinator != null)) {
            throw new ParameterException(spec.commandLine(), "give either --local or --coordinator HOST:PORT");
        }
        if (!List.of("c1", "c2", "auto").contains(workerJit)) {
            throw new ParameterException(spec.commandLine(), "--worker-jit must be c1, c2 or auto, got " + workerJit);
        }
        if (workers < 1 || servers < 1) {
            throw new ParameterException(spec.commandLine(), "--servers and --workers must be at least 1");
        }
        JobConfig job;
        try {
            job = jobOptions.resolve();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!local && chaos.enabled()) {
            throw new ParameterException(spec.commandLine(), "--chaos needs --local: it strikes the servers it starts");
        }
        chaos.validate(spec, servers);
        Path out = job.out();
        if (!jobOptions.outGiven() && out.equals(JobConfig.defaults(job.model()).out())) {
            out = Path.of("runs", "train-" + job.model().id() + "-" + RUN_TIME.format(LocalDateTime.now()));
        }
        // workers may run in another directory: hand them absolute paths
        return job.withOut(out.toAbsolutePath().normalize()).withData(job.data().toAbsolutePath().normalize());
    }

    /**
     * The workers read the data here, so a missing data set is reported now, with the reader's own message,
     * rather than by each worker after the whole cluster has started.
     */
    private void requireData(JobConfig job) {
        try {
            switch (job.model()) {
                case MLP -> FashionMnist.requirePresent(job.data());
                case SPARSE_LR -> SpamAssassinReader.requirePresent(job.data());
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "no training data: " + e.getMessage());
        }
    }

    private LocalCluster cluster(JobConfig job, Path jobFile, TrainMonitor monitor) {
        List<String> workerArgs = new ArrayList<>(List.of("--job", "train", "--job-file", jobFile.toString()));
        if (pullTimeoutSeconds != null) {
            workerArgs.addAll(List.of("--pull-timeout-s", pullTimeoutSeconds.toString()));
        }
        var builder = LocalCluster.builder().servers(servers).workers(workers)
                .consistency(job.consistency().toString()).logDir(job.out().resolve("logs"))
                .eventsDir(job.out().resolve("events"))
                .jvmOptions(jvmOptions).workerJvmOptions(workerJvmOptions()).workerArgs(workerArgs).output(monitor);
        if (coordinator != null) {
            builder.externalCoordinator(Endpoint.parse(coordinator).toString());
        }
        if (replication > 0) {
            builder.coordinatorArgs(List.of("--replication", Integer.toString(replication)));
        }
        return builder.build();
    }

    private List<String> workerJvmOptions() {
        List<String> options = new ArrayList<>();
        if (workerC1()) {
            options.add(JvmOptions.C1_ONLY);
        }
        options.addAll(workerJvmOptions);
        return options;
    }

    private boolean workerC1() {
        return switch (workerJit) {
            case "c1" -> true;
            case "c2" -> false;
            default -> JvmOptions.isSmallMachine();
        };
    }


    private Duration timeout() {
        return timeoutSeconds == 0 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofSeconds(timeoutSeconds);
    }
}
