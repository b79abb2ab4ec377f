package dev.shoal.bench.pushpull;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.time.Duration;

/**
 * Lines the bench workers up before each timed loop, so their loops overlap and their rates can be summed.
 *
 * <pre>{@code
 * ClusterBarrier barrier = new ClusterBarrier(ps, ps.view().expectedWorkers());
 * barrier.await(Duration.ofSeconds(60));   // returns once every worker has arrived
 * }</pre>
 *
 * <p>The job runs under ASP, where {@code clock()} never waits, so the barrier is a one-float table instead:
 * SGD with rate 1 and gradient -1 adds exactly 1 per arrival, and a worker polls until the count reaches
 * {@code workers x rounds}. The parameter server is its own rendezvous; no extra channel to the parent is needed.
 */
public final class ClusterBarrier {
    private static final float[] ARRIVE = {-1f};
    private final DenseTable counter;
    private final int workers;
    private final float[] seen = new float[1];
    private int rounds;

    public ClusterBarrier(ShoalClient ps, int workers) {
        this.counter = ps.dense(TableSpec.dense("bench.barrier", 1).optimizer(OptimizerSpec.sgd(1f))
                .consistency(Consistency.asp()));
        this.workers = workers;
    }

    /** Arrives and waits for the others; fails after {@code timeout} naming how many arrived. */
    public void await(Duration timeout) {
        rounds++;
        counter.push(ARRIVE);
        long deadline = System.nanoTime() + timeout.toNanos();
        float expected = (float) workers * rounds;
        for (counter.pull(seen); seen[0] < expected; counter.pull(seen)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("barrier " + rounds + ": only " + (seen[0] - (expected - workers))
                        + " of " + workers + " workers arrived within " + timeout);
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at a barrier", e);
        }
    }
}
