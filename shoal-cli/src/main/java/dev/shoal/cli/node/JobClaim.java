package dev.shoal.cli.node;

import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.List;

/**
 * Makes every worker of a cluster run the same job: the first worker's job claims the cluster, and a worker
 * started with another {@code --job} (or another training job) stops at once with one line saying so.
 *
 * <pre>{@code
 * JobClaim.of("sum", 0).claim(ps);     // ShoalException (TABLE_CONFLICT) if the cluster runs another job
 * }</pre>
 *
 * <p>Why it is needed: the workers of a job share its worker ids, shards and clocks. A {@code sum} worker among
 * training workers holds a worker id, so the training shard of that id is never trained, and if it is worker 0,
 * nobody evaluates or prints progress; under BSP every round also waits for its clocks, and the sum's own check
 * fails, since rounds average over every live worker. Nothing said why.
 *
 * <p>How: the claim is a one-element table, {@value #TABLE}, whose spec encodes the job: its length the job's
 * kind, its initializer's seed a fingerprint of the job's settings. The coordinator already refuses to create a
 * table again with a different spec (TABLE_CONFLICT), atomically, so the claim needs nothing new on the wire.
 *
 * @param job         the job's name as {@code --job} takes it
 * @param fingerprint equal for workers of the same job (e.g. a hash of the training job), 0 when there is nothing
 *                    more to compare
 */
public record JobClaim(String job, long fingerprint) {
    /** The claim's table; workers' own tables never start with an underscore. */
    public static final String TABLE = "_job";
    /** The jobs, in the order that gives each its table length; append new ones at the end. */
    static final List<String> JOBS = List.of("sum", "bsp-check", "ssp-check", "train", "failover-probe");

    public static JobClaim of(String job, long fingerprint) {
        if (!JOBS.contains(job)) {
            throw new IllegalArgumentException("unknown job '" + job + "'; jobs: " + String.join(", ", JOBS));
        }
        return new JobClaim(job, fingerprint);
    }

    /**
     * Claims the cluster for this job, or joins the claim of the same job.
     *
     * @throws ShoalException TABLE_CONFLICT, with a sentence naming both jobs and what to do, if the cluster runs
     *                        another job
     */
    public void claim(ShoalClient ps) {
        try {
            ps.dense(spec());
        } catch (ShoalException e) {
            if (e.code() != ErrorCode.TABLE_CONFLICT) {
                throw e;
            }
            throw new ShoalException(ErrorCode.TABLE_CONFLICT, conflict(ps.openDense(TABLE).size()), e);
        }
    }

    TableSpec spec() {
        return TableSpec.dense(TABLE, JOBS.indexOf(job) + 1).initializer(InitializerSpec.uniform(0f, 1f, fingerprint));
    }

    /** What to say when the claim of a job of table length {@code claimedLength} is already there. */
    String conflict(long claimedLength) {
        String running = claimedLength >= 1 && claimedLength <= JOBS.size() ? JOBS.get((int) claimedLength - 1)
                : "another job";
        if (running.equals(job)) {
            return "this cluster's workers run --job " + job + " with different settings (another --job-file, or "
                    + "one that differs); give every worker of a job the same job file";
        }
        return "this cluster's workers run --job " + running + ", not --job " + job + ": every worker of a "
                + "cluster runs the same job; start this one with --job " + running
                + ", or start a coordinator of its own for --job " + job;
    }
}
