package dev.shoal.eval.experiment;

import dev.shoal.ml.train.JobConfig;
import java.util.Locale;

/**
 * One run of an experiment grid: a training job on a cluster of a given shape, over a given network, with real or
 * calibrated compute and perhaps one slow worker.
 *
 * <pre>{@code
 * RunSpec run = new RunSpec(Group.SCALABILITY, "mlp-1gbit-w8-s4", job, 4, 8, "1gbit", 450, 1.0);
 * run.isEmulated();   // true: every node in its own network namespace, links shaped to 1 Gbit/s
 * }</pre>
 *
 * @param group         which part of the report the run belongs to
 * @param name          unique within the experiment; the run's directory
 * @param job           the training job (its consistency is the cluster's)
 * @param servers       server processes
 * @param workers       worker processes
 * @param network       {@code loopback} (all nodes on 127.0.0.1) or a per-node link rate such as {@code 1gbit}
 * @param computeMicros 0 for real compute, else each step's calibrated compute time
 * @param straggler     1 for none, else how many times slower the last worker process runs
 */
public record RunSpec(Group group, String name, JobConfig job, int servers, int workers, String network,
        long computeMicros, double straggler) {
    /** The network of runs on one machine's loopback interface. */
    public static final String LOOPBACK = "loopback";

    /** The report's parts. */
    public enum Group {
        /** Real-compute single-worker runs whose steps to target and compute time the scaling runs use. */
        REFERENCE,
        /** Calibrated-compute runs as workers and servers are added, on an emulated network. */
        SCALABILITY,
        /** Real-compute runs, one per consistency mode. */
        CONVERGENCE,
        /** As {@link #CONVERGENCE}, with one slow worker. */
        STRAGGLERS,
        /** ASP runs with and without servers killed, and with and without replication. */
        FAULTS
    }

    public RunSpec {
        if (servers < 1 || workers < 1) {
            throw new IllegalArgumentException(name + ": needs at least one server and one worker");
        }
        if (computeMicros < 0 || straggler < 1) {
            throw new IllegalArgumentException(name + ": compute time must be >= 0 and straggler >= 1");
        }
    }

    public boolean isEmulated() {
        return !LOOPBACK.equals(network);
    }

    public boolean isCalibrated() {
        return computeMicros > 0;
    }

    /** The job's consistency as the coordinator takes it: {@code bsp}, {@code ssp:3}, {@code asp}. */
    public String consistency() {
        return job.consistency().toString();
    }

    /** A line for the console: name, shape, network, compute. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: %s, %d worker(s), %d server(s), %s, %s, %s%s", name,
                job.model().id(), workers, servers, consistency(), network,
                isCalibrated() ? "calibrated compute " + computeMicros + " us/step" : "real compute",
                straggler > 1 ? String.format(Locale.ROOT, ", one worker %.3gx slower", straggler) : "");
    }
}
