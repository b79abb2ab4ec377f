package dev.shoal.launch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.transport.status.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Kills (SIGKILL) or pauses (SIGSTOP, then SIGCONT) a random server of a {@link LocalCluster} every so often, and
 * says what it did, so that a user can watch a job survive: a killed server is started again and rejoins, a paused
 * one is resumed and rejoins once the coordinator has replaced it.
 *
 * <pre>{@code
 * try (ChaosMonkey chaos = ChaosMonkey.start(cluster, ChaosMonkey.Fault.KILL, Duration.ofSeconds(10),
 *         Duration.ofSeconds(5), 1, System.out::println)) {
 *     cluster.awaitWorkers(timeout);
 * }
 * }</pre>
 *
 * <p>It strikes only when every server is in service (read from the coordinator's status file), since a job of two
 * replicas survives one lost server at a time: one that lost a second before the first was back would lose ranges.
 * The schedule is seeded, so a run can be repeated; what it did is in {@link #faults()}.
 */
public final class ChaosMonkey implements AutoCloseable {
    /** What happens to the chosen server. */
    public enum Fault { KILL, PAUSE }

    /** One fault: when, what, and to whom. */
    public record Struck(Instant at, Fault fault, String server) {
    }

    private static final Duration HEALTHY_POLL = Duration.ofMillis(100);
    private final LocalCluster cluster;
    private final Fault fault;
    private final Duration every;
    private final Duration pauseFor;
    private final Random random;
    private final Consumer<String> say;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Struck> faults = new ArrayList<>();
    private final List<String> servers = new ArrayList<>();
    private final Thread thread;

    private ChaosMonkey(LocalCluster cluster, Fault fault, Duration every, Duration pauseFor, long seed,
                        Consumer<String> say) {
        this.cluster = cluster;
        this.fault = fault;
        this.every = every;
        this.pauseFor = pauseFor;
        this.random = new Random(seed);
        this.say = say;
        for (String name : cluster.nodeNames()) {
            if (name.startsWith("server-")) {
                servers.add(name);
            }
        }
        this.thread = Thread.ofPlatform().name("shoal-chaos").daemon(true).unstarted(this::run);
    }

    /**
     * Starts striking {@code cluster} (already started) with {@code fault} every {@code every}; a paused server is
     * resumed after {@code pauseFor}. Refuses a cluster of fewer than two servers, which cannot survive a fault.
     */
    public static ChaosMonkey start(LocalCluster cluster, Fault fault, Duration every, Duration pauseFor, long seed,
                                    Consumer<String> say) {
        ChaosMonkey m = new ChaosMonkey(cluster, fault, every, pauseFor, seed, say);
        if (m.servers.size() < 2) {
            throw new LocalClusterException("chaos needs at least 2 servers, so that each range has a replica left");
        }
        m.thread.start();
        return m;
    }

    /** The faults so far, in order. */
    public synchronized List<Struck> faults() {
        return List.copyOf(faults);
    }

    private void run() {
        try {
            while (!waitOrClosed(every)) {
                if (!awaitAllInService()) {
                    continue;
                }
                strike(servers.get(random.nextInt(servers.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            say.accept("chaos: stopped: " + e.getMessage());
        }
    }

    private void strike(String victim) throws InterruptedException {
        synchronized (this) {
            faults.add(new Struck(Instant.now(), fault, victim));
        }
        if (fault == Fault.KILL) {
            cluster.kill(victim);
            say.accept("chaos: killed " + victim + " (SIGKILL)");
            String fresh = cluster.startServer();
            servers.set(servers.indexOf(victim), fresh);
            say.accept("chaos: started " + fresh + "; it rejoins in place of " + victim);
        } else {
            cluster.pause(victim);
            say.accept("chaos: paused " + victim + " (SIGSTOP) for " + pauseFor.toMillis() + " ms");
            if (waitOrClosed(pauseFor)) {
                cluster.resume(victim);
                return;
            }
            cluster.resume(victim);
            say.accept("chaos: resumed " + victim + " (SIGCONT); it rejoins if it was replaced meanwhile");
        }
    }

    /**
     * Waits until the coordinator reports every server in service and none joining, polling its status file; false
     * when closed first or after a minute (said once).
     */
    private boolean awaitAllInService() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (allInService()) {
                return true;
            }
            if (waitOrClosed(HEALTHY_POLL)) {
                return false;
            }
        }
        say.accept("chaos: not every server has been in service for a minute; waiting before the next fault");
        return false;
    }

    private boolean allInService() {
        JsonNode c = cluster.status("coordinator").map(NodeStatus::cluster).orElse(null);
        return c != null && c.path("inService").size() == servers.size() && c.path("joining").isEmpty();
    }

    /** Waits {@code d}; true when closed meanwhile. */
    private boolean waitOrClosed(Duration d) throws InterruptedException {
        return closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
