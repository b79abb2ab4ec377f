package dev.shoal.bench.failover;

/**
 * A wait between two consecutive acknowledged pushes of the fail-over probe, in epoch microseconds.
 *
 * <pre>{@code
 * Gap g = new Gap(completedBefore, completedAfter);
 * long waited = g.micros();
 * }</pre>
 *
 * @param startMicros when the push before it was acknowledged
 * @param endMicros   when the push after it was acknowledged
 */
public record Gap(long startMicros, long endMicros) {

    public Gap {
        if (endMicros < startMicros) {
            throw new IllegalArgumentException("a gap ends after it starts, got " + startMicros + ".." + endMicros);
        }
    }

    public long micros() {
        return endMicros - startMicros;
    }
}
