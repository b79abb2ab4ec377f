package dev.shoal.eval.experiment;

import dev.shoal.launch.ChaosMonkey;
import dev.shoal.launch.LocalCluster;
import java.time.Duration;
import java.util.List;

/**
 * How a run of the faults part treats its servers: the coordinator's replication, and whether a
 * {@link ChaosMonkey} kills one every so often.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.kills(2, Duration.ofSeconds(5), 1);
 * FaultPlan.Outcome o = runner.run(spec, plan);
 * o.killSeconds();   // e.g. [5.3, 10.6, 16.0]: when each server was killed, since training started
 * }</pre>
 *
 * @param replication the coordinator's {@code --replication}; 0 for its default
 * @param every       time between kills; null for none
 * @param seed        seed of which server is killed
 */
record FaultPlan(int replication, Duration every, long seed) {
    /** The coordinator's default replication, no kills: what every other part runs. */
    static final FaultPlan NONE = new FaultPlan(0, null, 0);

    /**
     * A run and its kills.
     *
     * @param result      the run's figures
     * @param killSeconds when each kill came, seconds since the first worker started training
     */
    record Outcome(RunResult result, List<Double> killSeconds) {
    }

    static FaultPlan replicated(int k) {
        return new FaultPlan(k, null, 0);
    }

    static FaultPlan kills(int k, Duration every, long seed) {
        return new FaultPlan(k, every, seed);
    }

    boolean chaos() {
        return every != null;
    }

    /** Starts the kills on {@code cluster}; null when there are none. */
    ChaosMonkey start(LocalCluster cluster) {
        return chaos() ? ChaosMonkey.start(cluster, ChaosMonkey.Fault.KILL, every, Duration.ZERO, seed, s -> { })
                : null;
    }
}
