package dev.shoal.bench.failover;

import dev.shoal.client.DenseTable;
import dev.shoal.client.ShoalClient;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of {@code shoal bench failover}: pushes a whole dense table over and over, one push in flight,
 * and notes when each push is acknowledged, so that the launcher can see how long pushes stopped when it killed a
 * server.
 *
 * <pre>{@code
 * try (ShoalClient ps = ShoalClient.connect(ClientConfig.of("127.0.0.1:7100"))) {
 *     ProbeResult r = FailoverProbe.run(ps, 3 << 18, Duration.ofSeconds(6), () -> status.update(...ready...));
 * }
 * }</pre>
 *
 * <p>It runs as {@code shoal worker --job failover-probe} rather than as a mode of {@code shoal bench worker}: the
 * launcher needs the probe to be its cluster's worker, started and supervised by {@code LocalCluster} like any
 * other (exit codes, failures, status file), and an operator can point it at a real cluster and kill a server by
 * hand. {@code bench worker} is the push/pull benchmark's process, started outside the cluster by a fleet that
 * expects that benchmark's result.
 *
 * <p>With one push in flight, the gap between two acknowledgements is a round trip while all is well. Every push
 * touches every server (each is the primary of a slice), so once a server is killed no push is acknowledged before
 * the client has the new layout, except one the killed server had already acknowledged: the first push
 * acknowledged under the new layout epoch is the first one after the fail-over, and the gap before it is the
 * fail-over's. Only acknowledgements after a warm-up are recorded, and the probe says it is pushing (its
 * {@code ready} status) only then. The table is ASP (no worker waits for another) and the gradient tiny, so the
 * values stay finite however many pushes the probe makes.
 */
public final class FailoverProbe {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverProbe.class);
    /** The probe's table; one per cluster, as every job names its tables. */
    public static final String TABLE = "failover.probe";
    private static final float GRADIENT = 1e-6f;
    private static final float LEARNING_RATE = 1e-3f;
    /**
     * Pushes before the probe records anything: the first second of a JVM (JIT compilation, the heap growing) stalls
     * pushes for up to a few hundred milliseconds on a loaded 2-core machine, longer than a fail-over.
     */
    public static final Duration WARMUP = Duration.ofSeconds(1);

    private FailoverProbe() {
    }

    /**
     * Creates the table, pushes it whole for {@link #WARMUP}, then says it is pushing and records every
     * acknowledgement, and the layout epoch it came under, until {@code duration} has passed (the push in flight
     * then still completes); returns the gaps between the recorded ones.
     *
     * @param floats  table size in floats; large enough to be sliced over every server
     * @param pushing run once, when the warm-up is over: from then on a kill is measurable
     */
    public static ProbeResult run(ShoalClient ps, int floats, Duration duration, Runnable pushing) {
        DenseTable table = ps.dense(TableSpec.dense(TABLE, floats).optimizer(OptimizerSpec.sgd(LEARNING_RATE))
                .consistency(Consistency.asp()));
        float[] gradient = new float[floats];
        Arrays.fill(gradient, GRADIENT);
        LOG.info("pushing {} floats in {} slices of {} replicas, one push at a time: {} ms of warm-up, then {} ms "
                + "measured", floats, table.descriptor().units(), table.descriptor().replicas(), WARMUP.toMillis(),
                duration.toMillis());
        long warm = System.nanoTime() + WARMUP.toNanos();
        do {
            table.push(gradient);
        } while (System.nanoTime() - warm < 0);
        // About 1,000 pushes a second at most (small tables on loopback); grown if ever exceeded.
        int capacity = (int) Math.min(1 << 20, Math.max(16, duration.toMillis()));
        long[] completions = new long[capacity];
        int[] epochs = new int[capacity];
        completions[0] = EpochMicros.now();
        epochs[0] = ps.view().layoutEpoch();
        int count = 1;
        pushing.run();
        long end = completions[0] + duration.toNanos() / 1_000;
        while (count < 2 || completions[count - 1] < end) {
            table.push(gradient);
            if (count == completions.length) {
                completions = Arrays.copyOf(completions, 2 * count);
                epochs = Arrays.copyOf(epochs, 2 * count);
            }
            // The epoch is read just after the acknowledgement: a view arriving in between (a microsecond) would
            // mark this push as acknowledged under the new layout one push early.
            completions[count] = EpochMicros.now();
            epochs[count++] = ps.view().layoutEpoch();
        }
        ProbeResult r = ProbeResult.of(completions, epochs, count);
        LOG.info("{} pushes; median gap {} us; longest gap {}; gap before the first push under layout epoch {}: {}",
                r.pushes(), r.medianGapMicros(), r.largestGap(), r.layoutEpoch(), r.failoverGap());
        return r;
    }
}
