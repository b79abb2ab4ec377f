package dev.shoal.bench.pushpull;

import dev.shoal.bench.loop.LoopResult;

/**
 * The totals of one timed loop of one worker.
 *
 * <pre>{@code
 * RunFigures r = RunFigures.of(loop.run(push, Duration.ofSeconds(3), bytesPerOp));
 * double gbps = r.bytesPerSecond() / 1e9;
 * }</pre>
 *
 * @param ops   requests completed
 * @param bytes value bytes they carried
 * @param nanos wall time of the loop
 */
public record RunFigures(long ops, long bytes, long nanos) {

    public RunFigures {
        if (ops < 0 || bytes < 0 || nanos <= 0) {
            throw new IllegalArgumentException("bad run figures: " + ops + " ops, " + bytes + " bytes, " + nanos
                    + " ns");
        }
    }

    public static RunFigures of(LoopResult r) {
        return new RunFigures(r.ops(), r.bytes(), Math.max(1, r.nanos()));
    }

    public double bytesPerSecond() {
        return bytes * 1e9 / nanos;
    }

    public double opsPerSecond() {
        return ops * 1e9 / nanos;
    }
}
