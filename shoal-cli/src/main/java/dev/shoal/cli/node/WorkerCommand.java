package dev.shoal.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.bench.failover.FailoverProbe;
import dev.shoal.client.ClientConfig;
import dev.shoal.client.ShoalClient;
import dev.shoal.eval.check.BspCheckJob;
import dev.shoal.eval.check.JobFailure;
import dev.shoal.eval.check.SspCheckJob;
import dev.shoal.eval.check.SumJob;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.JobFile;
import dev.shoal.ml.train.StepPacing;
import dev.shoal.ml.worker.TrainEventWriter;
import dev.shoal.ml.worker.TrainWorker;
import dev.shoal.transport.metrics.Health;
import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import dev.shoal.transport.netty.RequestTimeouts;
import dev.shoal.transport.status.NodeStatusFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal worker}: joins a job and runs a built-in synthetic job that checks its own result.
 *
 * <pre>{@code
 * shoal worker --coordinator 127.0.0.1:7100 --job sum --size 1048576 --clocks 50 --metrics-port 9102
 * }</pre>
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs a worker with a built-in synthetic job that checks the cluster's result:",
            "  sum        every worker adds 1 to every value of a dense and a sparse table each clock; totals must be exact",
            "  bsp-check  linear regression under BSP must equal sequential SGD on the union batch",
            "  ssp-check  random delays; no pull may see a clock gap above the SSP bound",
            "  failover-probe  push a dense table for --seconds, one push at a time; report the longest wait "
                    + "between acknowledgements ('shoal bench failover' kills a server meanwhile)",
            "or trains a model:",
            "  train      the job in --job-file (see examples/*.yaml and 'shoal train --help')"},
        footer = {"", "Example:", "  shoal worker --coordinator 127.0.0.1:7100 --job sum --size 1048576 --clocks 50"})
public final class WorkerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    /** The built-in jobs. */
    enum Job { sum, bsp_check, ssp_check, failover_probe, train }

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT", converter = Endpoint.Converter.class,
            description = "The coordinator's host:port.")
    Endpoint coordinator;

    @Option(names = "--job", description = "sum, bsp-check, ssp-check, failover-probe or train (default: "
            + "${DEFAULT-VALUE}).",
            converter = JobConverter.class)
    Job job = Job.sum;

    @Option(names = "--job-file", paramLabel = "YAML", description = "train: the training job.")
    Path jobFile;

    @Option(names = "--size", description = "Floats in the job's table (default: ${DEFAULT-VALUE}).")
    int size = 1 << 16;

    @Option(names = "--sparse-keys", description = "sum: sparse keys (rows of 4 floats) pushed at every clock too "
            + "(default: ${DEFAULT-VALUE}).")
    int sparseKeys = 10_000;

    @Option(names = "--clocks", description = "Iterations to run (default: ${DEFAULT-VALUE}).")
    int clocks = 20;

    @Option(names = "--delay-ms", description = "sum: sleep per iteration, e.g. to leave time to kill a worker; "
            + "ssp-check: the largest random delay per iteration (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Option(names = "--seconds", description = "failover-probe: how long to record pushes, after a 1 s warm-up "
            + "(default: ${DEFAULT-VALUE}).")
    double seconds = 6;

    @Option(names = "--seed", description = "Seed of the job's data and delays (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--join-timeout-s", description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    long joinTimeoutSeconds = 60;

    @Option(names = "--push-timeout-s", description = "Deadline of each push and clock request, in seconds "
            + "(default: ${DEFAULT-VALUE}); a push may wait one BSP round at a server.")
    long pushTimeoutSeconds = RequestTimeouts.defaults().push().toSeconds();

    @Option(names = "--pull-timeout-s", description = "Deadline of each pull, in seconds (default: "
            + "${DEFAULT-VALUE}): under BSP/SSP a pull waits for the slowest worker's step, so raise it for steps "
            + "that take longer.")
    long pullTimeoutSeconds = RequestTimeouts.defaults().pull().toSeconds();

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics (request latency by op and table, "
            + "bytes, step time, JVM) on http://HOST:PORT/metrics and health on /health (503 while joining or once "
            + "a connection is lost); 0 picks a free port, -1 for none (default: ${DEFAULT-VALUE}).")
    int metricsPort = -1;

    @Option(names = "--metrics-host", description = "Address the metrics endpoint listens on (default: "
            + "${DEFAULT-VALUE}; 0.0.0.0 to be scraped from other machines).")
    String metricsHost = "127.0.0.1";

    @Option(names = "--slowdown", paramLabel = "FACTOR",
            description = "train: run FACTOR times slower, as a straggler: after 20 steps at full speed, each step "
                    + "waits (FACTOR - 1) times their median step time between its pulls and its pushes "
                    + "(default: ${DEFAULT-VALUE}).")
    double slowdown = 1.0;

    @Option(names = "--compute-time-us", paramLabel = "MICROS",
            description = "train: emulate the compute instead of doing it: each step waits MICROS between its pulls "
                    + "and its pushes and pushes a zero gradient; nothing is learned. For scaling runs with more "
                    + "workers than cores (default: 0, real compute).")
    long computeTimeMicros;

    @Option(names = "--events-file", paramLabel = "PATH", defaultValue = "${env:" + TrainEventWriter.ENV + "}",
            description = "train: write the training events (started, step, eval, done, failed) to PATH as JSON "
                    + "Lines (default: $" + TrainEventWriter.ENV + ", else none).")
    Path eventsFile;

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try")   // the metrics endpoint only has to live as long as the job: the body never uses it
    public Integer call() throws Exception {
        // the job file, the pacing and the probe's time are checked before joining: a worker that joins and then
        // fails would leave the other workers of a BSP job waiting for it
        JobConfig trainingJob = job == Job.train ? trainingJob() : null;
        StepPacing pacing = job == Job.train ? pacing() : null;
        Duration probeTime = job == Job.failover_probe ? probeSeconds() : null;
        NodeStatusFile status = statusFile.open("worker");
        ClientConfig config = ClientConfig.of(coordinator.toString())
                .withJoinTimeout(Duration.ofSeconds(joinTimeoutSeconds))
                .withRequestTimeouts(RequestTimeouts.defaults().withPush(positiveSeconds("--push-timeout-s",
                        pushTimeoutSeconds)).withPull(positiveSeconds("--pull-timeout-s", pullTimeoutSeconds)));
        NodeMetrics metrics = metricsPort >= 0 ? NodeMetrics.create("worker") : null;
        AtomicReference<ShoalClient> joined = new AtomicReference<>();
        try (metrics;
             MetricsEndpoint endpoint = metrics == null ? null : serveMetrics(metrics, joined);
             ShoalClient ps = ShoalClient.connect(config, metrics == null ? null : metrics.registry())) {
            joined.set(ps);
            if (metrics != null) {
                metrics.identify(ps.workerId());
            }
            claim(trainingJob).claim(ps);
            String metricsUrl = endpoint == null ? null : endpoint.url();
            Runnable ready = () -> status.update(s -> s.ready(null, metricsUrl).withNodeId(ps.workerId()));
            if (job != Job.failover_probe) {
                ready.run();
            }
            JsonNode result = null;
            switch (job) {
                case sum -> new SumJob(size, sparseKeys, clocks, delayMs).run(ps);
                case bsp_check -> new BspCheckJob(8, clocks, 16, 0.05f, seed).run(ps);
                case ssp_check -> new SspCheckJob(size, clocks, (int) delayMs, seed).run(ps);
                // ready only once it pushes steadily: its launcher kills a server then, and not during the warm-up
                case failover_probe -> result = NodeStatusFile.parseTree(FailoverProbe.run(ps, size, probeTime,
                        ready).toJson());
                case train -> train(ps, trainingJob, pacing);
            }
            JsonNode measured = result;
            status.update(s -> s.done(measured));
            return 0;
        } catch (JobFailure e) {
            LOG.error("JOB_FAILED {}", e.getMessage());
            status.update(s -> s.failed(e.getMessage()));
            return 2;
        } catch (RuntimeException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
        }
    }

    /** Starts the endpoint before joining, so that /health says 'joining' (503) until the client is connected. */
    private MetricsEndpoint serveMetrics(NodeMetrics metrics, AtomicReference<ShoalClient> joined) {
        MetricsEndpoint endpoint = MetricsEndpoint.builder(metrics).health(() -> {
            ShoalClient ps = joined.get();
            return ps == null ? Health.down("joining the job at " + coordinator) : ps.health();
        }).start(metricsHost, metricsPort);
        LOG.info("metrics on {}", endpoint.url());
        return endpoint;
    }

    /** This worker's job, as every worker of the cluster must run it (see {@link JobClaim}). */
    private JobClaim claim(JobConfig trainingJob) {
        String name = job.name().replace('_', '-');
        if (trainingJob == null) {
            return JobClaim.of(name, 0);
        }
        // where each host keeps its data and output may differ; what is trained, and how, may not
        String settings = JobFile.toYaml(trainingJob.withData(Path.of("-")).withOut(Path.of("-")));
        return JobClaim.of(name, UUID.nameUUIDFromBytes(settings.getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits());
    }

    /** Missing or corrupt data ends the job with the reader's message (file and offset), not a stack trace. */
    private void train(ShoalClient ps, JobConfig trainingJob, StepPacing pacing) throws JobFailure {
        try (TrainEventWriter events = TrainEventWriter.open(eventsFile)) {
            new TrainWorker(trainingJob, pacing, events).run(ps);
        } catch (IOException e) {
            throw new JobFailure(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new JobFailure(e.getCause().getMessage());
        }
    }

    private StepPacing pacing() {
        try {
            return computeTimeMicros > 0 ? StepPacing.calibrated(computeTimeMicros * 1000, slowdown)
                    : StepPacing.slowedDown(slowdown);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Duration probeSeconds() {
        if (!(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be positive, got " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** {@code seconds} as a Duration; zero or less is a usage error naming the flag. */
    private Duration positiveSeconds(String flag, long seconds) {
        if (seconds <= 0) {
            throw new ParameterException(spec.commandLine(), flag + " must be at least 1, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private JobConfig trainingJob() {
        if (jobFile == null) {
            throw new ParameterException(spec.commandLine(), "--job train needs --job-file (see examples/*.yaml)");
        }
        if (!Files.isRegularFile(jobFile)) {
            throw new ParameterException(spec.commandLine(), "--job-file " + jobFile + ": no such file; give the "
                    + "path of a job (see examples/*.yaml)");
        }
        try {
            return JobFile.read(jobFile);
        } catch (IOException | IllegalArgumentException e) {
            // a JobFileException's message starts with the file and line already
            throw new ParameterException(spec.commandLine(), "--job-file: " + e.getMessage());
        }
    }

    /** Accepts {@code bsp-check} as well as {@code bsp_check}. */
    static final class JobConverter implements picocli.CommandLine.ITypeConverter<Job> {
        @Override
        public Job convert(String value) {
            return Job.valueOf(value.replace('-', '_'));
        }
    }
}
