package dev.shoal.bench.launch;

import dev.shoal.bench.pushpull.WorkerResult;
import dev.shoal.launch.JvmOptions;
import dev.shoal.launch.LocalCluster;
import dev.shoal.launch.NodeOutput;
import dev.shoal.launch.NodeProcess;
import dev.shoal.transport.status.NodeStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench worker processes of one run: started together, awaited together, results read from the {@code done}
 * status each writes to its status file ({@link NodeProcess#status()}).
 *
 * <pre>{@code
 * try (WorkerFleet fleet = WorkerFleet.start(2, cluster.coordinatorAddress(), args, List.of(), logDir)) {
 *     List<WorkerResult> results = fleet.await(cluster, Duration.ofMinutes(5));
 * }   // stops any worker still running
 * }</pre>
 */
public final class WorkerFleet implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private final List<NodeProcess> workers = new ArrayList<>();

    private WorkerFleet() {
    }

    /** Starts {@code count} processes {@code bench worker --coordinator ADDRESS args...}. */
    public static WorkerFleet start(int count, String coordinator, List<String> args, List<String> jvmOptions, Path logDir)
            throws IOException {
        WorkerFleet fleet = new WorkerFleet();
        try {
            for (int i = 0; i < count; i++) {
                String name = "bench-worker-" + i;
                List<String> command = new ArrayList<>(List.of("bench", "worker", "--coordinator", coordinator));
                command.addAll(args);
                fleet.workers.add(NodeProcess.launch(name, JvmOptions.shoalCommand(JvmOptions.SHOAL_MAIN,
                        jvmOptions, command), logDir.resolve(name + ".log"), NodeOutput.discard(),
                        (node, code) -> { }));
            }
            return fleet;
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Waits until every worker has exited, then returns their results in worker order.
     *
     * @throws IllegalStateException naming the process and its log if a worker or cluster node fails, a worker
     *                               prints no result, or time runs out
     */
    public List<WorkerResult> await(LocalCluster cluster, Duration timeout) {
        CompletableFuture<?> all = CompletableFuture.allOf(workers.stream().map(NodeProcess::exited)
                .toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!all.isDone()) {
            cluster.failure().ifPresent(f -> {
                throw new IllegalStateException(f.describe());
            });
            workers.stream().filter(w -> w.exited().getNow(0) != 0).findFirst().ifPresent(w -> {
                throw new IllegalStateException(w.describeExit());
            });
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("bench workers did not finish within " + timeout + "; logs in "
                        + workers.get(0).logFile().getParent());
            }
            waitBriefly(all);
        }
        return collect();
    }

    private List<WorkerResult> collect() {
        List<WorkerResult> out = new ArrayList<>();
        for (NodeProcess w : workers) {
            if (w.exited().join() != 0) {
                throw new IllegalStateException(w.describeExit());
            }
            out.add(result(w));
        }
        return out;
    }

    private static WorkerResult result(NodeProcess w) {
        String why;
        try {
            Optional<NodeStatus> s = w.status();
            if (s.isPresent() && s.get().state() == NodeStatus.State.DONE && s.get().result() != null) {
                return WorkerResult.parse(s.get().result().toString());
            }
            why = s.map(st -> "its status is " + st.state().name().toLowerCase(Locale.ROOT)
                    + (st.error() == null ? "" : ": " + st.error())).orElse("it wrote no status");
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        throw new IllegalStateException(w.name() + " exited without a readable result (" + why + "); log: "
                + w.logFile());
    }

    private static void waitBriefly(CompletableFuture<?> all) {
        try {
            all.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Checked again by the caller's loop, which also watches the cluster.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for bench workers", e);
        }
    }

    @Override
    public void close() {
        workers.forEach(NodeProcess::close);
    }
}
