package dev.shoal.bench.loop;

import dev.shoal.transport.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

/**
 * What one timed loop measured.
 *
 * <pre>{@code
 * LoopResult r = new TimedLoop(4, Duration.ofSeconds(30)).run(push, Duration.ofSeconds(3), bytesPerOp);
 * double gbps = r.bytesPerSecond() / 1e9;
 * }</pre>
 *
 * @param ops       operations that completed
 * @param bytes     payload bytes those operations carried
 * @param nanos     time from the first start to the last completion
 * @param latencies per-operation latency, from start to observed completion
 */
public record LoopResult(long ops, long bytes, long nanos, Histogram latencies) {

    public double bytesPerSecond() {
        return nanos == 0 ? 0 : bytes * 1e9 / nanos;
    }

    public double opsPerSecond() {
        return nanos == 0 ? 0 : ops * 1e9 / nanos;
    }
}
