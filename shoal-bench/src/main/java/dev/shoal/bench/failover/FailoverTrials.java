package dev.shoal.bench.failover;

import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.LocalClusterException;
import dev.shoal.launch.NodeFailure;
import dev.shoal.transport.status.NodeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the trials of {@code shoal bench failover}, each on a fresh local cluster: a coordinator, the servers and
 * one worker running the probe ({@code shoal worker --job failover-probe}, see {@link FailoverProbe}), ASP, the
 * coordinator's default replication (2).
 *
 * <pre>{@code
 * FailoverTrials runner = new FailoverTrials(setup, List.of(), Path.of("runs/failover"));
 * Random victims = setup.victims();
 * Trial t = runner.run(1, setup.victim(victims));   // logs in runs/failover/trial-01/
 * }</pre>
 *
 * <p>A trial waits until the probe says it is pushing (its {@code ready} status, after its warm-up), lets it push
 * for {@link FailoverSetup#SETTLE}, notes the time and kills the chosen server with SIGKILL, notes when the process
 * is gone, then waits for the probe's result. A fresh cluster per trial keeps the trials independent: each kill
 * is the first loss of a full cluster, with no rejoin of an earlier victim still under way.
 */
public final class FailoverTrials {
    /** The probe is the cluster's only worker, so it has the first worker name. */
    static final String PROBE = "worker-0";
    /** Joining and creating the table before the probe pushes: JVM start-ups on a loaded 2-core machine. */
    private static final Duration PROBE_START = Duration.ofSeconds(90);
    /** After the probe's own time: the client's fail-over timeout (30 s), then its exit. */
    private static final Duration PROBE_SLACK = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    private final FailoverSetup setup;
    private final List<String> jvmOptions;
    private final Path logDir;

    public FailoverTrials(FailoverSetup setup, List<String> jvmOptions, Path logDir) {
        this.setup = setup;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logDir = logDir;
    }

    /** The log directory of trial {@code index}, {@code trial-01} and so on. */
    public Path logDir(int index) {
        return logDir.resolve(String.format(Locale.ROOT, "trial-%02d", index));
    }

    /**
     * Runs trial {@code index}, killing {@code victim}. A probe or node that fails makes a {@linkplain Trial#failed
     * failed} trial, which says why and where the log is.
     *
     * @throws LocalClusterException if the cluster does not start
     */
    public Trial run(int index, String victim) {
        try (LocalCluster cluster = LocalCluster.builder().servers(setup.servers()).workers(1).consistency("asp")
                .logDir(logDir(index)).jvmOptions(jvmOptions).workerArgs(probeArgs()).build()) {
            cluster.start();
            int id = cluster.status(victim).map(NodeStatus::nodeId).orElse(-1);
            Optional<String> notPushing = awaitPushing(cluster);
            if (notPushing.isPresent()) {
                return Trial.failed(index, victim, id, 0, 0, notPushing.get());
            }
            Optional<String> lost = during(cluster, FailoverSetup.SETTLE);
            if (lost.isPresent()) {
                return Trial.failed(index, victim, id, 0, 0, lost.get());
            }
            long killMicros = EpochMicros.now();
            cluster.kill(victim);
            long goneMicros = EpochMicros.now();
            int code = cluster.awaitWorkers(setup.seconds().plus(PROBE_SLACK));
            if (code != 0) {
                return Trial.failed(index, victim, id, killMicros, goneMicros, cluster.failure().map(FailoverTrials::oneLine)
                        .orElse(PROBE + " exited with code " + code + "; log " + cluster.logFile(PROBE)));
            }
            return result(cluster).map(r -> Trial.of(index, victim, id, killMicros, goneMicros, r)).orElseGet(
                    () -> Trial.failed(index, victim, id, killMicros, goneMicros, PROBE + " finished without a "
                            + "result; log " + cluster.logFile(PROBE)));
        }
    }

    private List<String> probeArgs() {
        return List.of("--job", "failover-probe", "--size", Integer.toString(setup.floats()),
                "--seconds", Double.toString(setup.seconds().toMillis() / 1000.0));
    }

    /** Waits for the probe's {@code ready}, which it writes after its first acknowledged push; empty once there. */
    private static Optional<String> awaitPushing(LocalCluster cluster) {
        long deadline = System.nanoTime() + PROBE_START.toNanos();
        while (true) {
            Optional<String> lost = lost(cluster);
            if (lost.isPresent()) {
                return lost;
            }
            Optional<NodeStatus> s = cluster.status(PROBE);
            if (s.isPresent() && s.get().state() == NodeStatus.State.READY) {
                return Optional.empty();
            }
            if (s.isPresent() && s.get().state().terminal()) {
                return Optional.of(PROBE + " ended before the kill (" + s.get().state().name().toLowerCase(Locale.ROOT)
                        + (s.get().error() == null ? "" : ": " + s.get().error()) + "); log " + cluster.logFile(PROBE));
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.of(PROBE + " was not pushing within " + PROBE_START.toSeconds() + " s; log "
                        + cluster.logFile(PROBE));
            }
            during(cluster, Duration.ofMillis(POLL_MILLIS));
        }
    }

    /**
     * Lets {@code time} pass, or less if the probe exits meanwhile; then says what was lost, if anything. Waiting on
     * the probe's exit, not a plain sleep, is what notices a probe that died during the warm-up.
     */
    private static Optional<String> during(LocalCluster cluster, Duration time) {
        try {
            cluster.process(PROBE).onExit().get(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the usual case: the probe is still pushing
        } catch (ExecutionException e) {
            throw new IllegalStateException("a process's exit future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while the probe was pushing", e);
        }
        return lost(cluster);
    }

    /** A node that failed, or the probe gone before the kill; empty while all runs. */
    private static Optional<String> lost(LocalCluster cluster) {
        Optional<NodeFailure> f = cluster.failure();
        if (f.isPresent()) {
            return Optional.of(oneLine(f.get()));
        }
        Process probe = cluster.process(PROBE);
        return probe.isAlive() ? Optional.empty() : Optional.of(PROBE + " exited with code " + probe.exitValue()
                + " before the kill; log " + cluster.logFile(PROBE));
    }

    private static Optional<ProbeResult> result(LocalCluster cluster) {
        return cluster.status(PROBE).filter(s -> s.state() == NodeStatus.State.DONE && s.result() != null)
                .map(s -> ProbeResult.parse(s.result().toString()));
    }

    private static String oneLine(NodeFailure f) {
        return f.node() + " exited with code " + f.exitCode() + (f.error() == null ? "" : ": " + f.error()) + "; log "
                + f.logFile();
    }
}
