package dev.shoal.bench.failover;

import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * What {@code shoal bench failover} runs: how many servers, how many kills, the probe's table and how long it
 * pushes, and the seed that picks the server killed in each trial.
 *
 * <pre>{@code
 * FailoverSetup setup = new FailoverSetup(3, 20, 3 << 20, Duration.ofSeconds(6), 1);
 * Random pick = setup.victims();
 * String victim = setup.victim(pick);   // server-0 .. server-2
 * }</pre>
 *
 * @param servers   server processes per trial, each holding a slice of the table as primary
 * @param kills     trials, one fresh cluster and one SIGKILL each
 * @param sizeBytes the probe's dense table, a multiple of 4 that the coordinator slices over every server
 * @param seconds   how long the probe records pushes per trial, after its warm-up
 * @param seed      seed of the choice of the server killed
 */
public record FailoverSetup(int servers, int kills, long sizeBytes, Duration seconds, long seed) {
    /**
     * Between the probe's {@code ready} (after its own warm-up) and the kill: steady round trips before the kill, so
     * that the gap it opens is measured against pushes like any other.
     */
    public static final Duration SETTLE = Duration.ofMillis(500);
    /** The shortest probe: the kill comes {@link #SETTLE} into it, and the fail-over needs time after that. */
    private static final Duration MIN_SECONDS = Duration.ofSeconds(1);

    public FailoverSetup {
        if (servers < 2) {
            throw new IllegalArgumentException("--servers must be at least 2: a killed server's slices fail over to "
                    + "the next server, got " + servers);
        }
        if (kills < 1) {
            throw new IllegalArgumentException("--kills must be at least 1, got " + kills);
        }
        if (sizeBytes <= 0 || sizeBytes % Float.BYTES != 0 || sizeBytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--size must be a positive multiple of 4 below 8 GiB, got " + sizeBytes);
        }
        long spanning = (long) servers * Slicing.MIN_SPREAD_BYTES;
        if (Slicing.sliceCount(sizeBytes / Float.BYTES, TableSpec.DEFAULT_MAX_SLICE_BYTES, servers) < servers) {
            throw new IllegalArgumentException("--size " + sizeBytes + " is cut into fewer slices than there are "
                    + "servers, so a kill might miss every primary; give at least " + spanning + " bytes");
        }
        if (seconds.compareTo(MIN_SECONDS) < 0) {
            throw new IllegalArgumentException("--seconds must be at least " + MIN_SECONDS.toSeconds() + ": the kill "
                    + "comes " + SETTLE.toMillis() / 1000.0 + " s into it, got " + seconds.toMillis() / 1000.0);
        }
    }

    public int floats() {
        return (int) (sizeBytes / Float.BYTES);
    }

    /** The seeded choice of the servers killed, one {@link #victim} per trial in trial order. */
    public Random victims() {
        return new Random(seed);
    }

    public String victim(Random victims) {
        return "server-" + victims.nextInt(servers);
    }

    /** A one-line description such as {@code 3 servers, dense 3145728 B, 20 kills, probe 6.0 s per trial, ASP}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d servers, dense %d B, %d kill%s, probe %.1f s per trial, ASP, seed %d",
                servers, sizeBytes, kills, kills == 1 ? "" : "s", seconds.toMillis() / 1000.0, seed);
    }
}
