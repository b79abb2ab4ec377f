package dev.shoal.bench.failover;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch: the one clock the fail-over benchmark's processes share.
 *
 * <pre>{@code
 * long killedAt = EpochMicros.now();   // in the harness, just before SIGKILL
 * long pushedAt = EpochMicros.now();   // in the probe, as each push is acknowledged
 * }</pre>
 *
 * <p>The harness and the probe are separate processes, so a monotonic clock ({@code System.nanoTime}) cannot
 * compare their instants; every process of a local cluster reads the same system clock, and {@link Instant#now}
 * reads it to the microsecond on Linux.
 */
public final class EpochMicros {
    private EpochMicros() {
    }

    public static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
