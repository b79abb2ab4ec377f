package dev.shoal.bench.pushpull;

import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

/**
 * One operation's figures over all workers and runs.
 *
 * <pre>{@code
 * OpSummary push = summary.of(Op.PUSH);
 * System.out.printf("%.2f GB/s, p99 %.0f us%n", push.bytesPerSecond().median() / 1e9, push.p99Micros());
 * }</pre>
 *
 * @param op             the operation
 * @param bytesPerSecond per run, the sum over workers of each worker's bytes / its loop time
 * @param opsPerSecond   per run, the same sum for requests
 * @param latency        every request of every worker and run
 * @param totalOps       requests completed over all workers and runs
 * @param totalBytes     value bytes they carried
 */
public record OpSummary(Op op, Spread bytesPerSecond, Spread opsPerSecond, Histogram latency, long totalOps,
                        long totalBytes) {

    public double medianMicros() {
        return LatencyHistograms.percentile(latency, 0.5) / 1e3;
    }

    public double p99Micros() {
        return LatencyHistograms.percentile(latency, 0.99) / 1e3;
    }
}
