package dev.shoal.bench.pushpull;

import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Combines the results of all bench workers: rates add up across workers within a run, then vary across runs.
 *
 * <pre>{@code
 * List<WorkerResult> results = fleet.await(cluster, Duration.ofMinutes(5));   // one per bench worker
 * BenchSummary s = Aggregator.aggregate(results);
 * }</pre>
 *
 * <p>A run's throughput is the sum of each worker's own bytes over its own loop time, rather than total bytes
 * over the longest loop: the barrier starts loops together, and summing rates keeps one worker's final
 * in-flight request from diluting everyone's figure. Latency percentiles come from the merged histograms, so
 * they are true percentiles over every request.
 */
public final class Aggregator {

    private Aggregator() {
    }

    /** Fails when the results are empty or disagree on the workload, which would make their sum meaningless. */
    public static BenchSummary aggregate(List<WorkerResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no worker reported a result");
        }
        WorkerResult first = results.get(0);
        for (WorkerResult r : results) {
            requireSameWorkload(first, r);
        }
        return new BenchSummary(results.size(), first.mode(), first.bytesPerOp(), first.keysPerOp(), first.window(),
                summarize(Op.PUSH, results), summarize(Op.PULL, results));
    }

    static OpSummary summarize(Op op, List<WorkerResult> results) {
        int runs = results.get(0).of(op).runs().size();
        double[] bytesPerSecond = new double[runs];
        double[] opsPerSecond = new double[runs];
        Histogram latency = LatencyHistograms.create();
        long ops = 0;
        long bytes = 0;
        for (WorkerResult r : results) {
            OpMeasurements m = r.of(op);
            for (int i = 0; i < runs; i++) {
                RunFigures f = m.runs().get(i);
                bytesPerSecond[i] += f.bytesPerSecond();
                opsPerSecond[i] += f.opsPerSecond();
                ops += f.ops();
                bytes += f.bytes();
            }
            latency.add(m.latency());
        }
        return new OpSummary(op, Spread.of(bytesPerSecond), Spread.of(opsPerSecond), latency, ops, bytes);
    }

    private static void requireSameWorkload(WorkerResult a, WorkerResult b) {
        boolean same = a.mode().equals(b.mode()) && a.bytesPerOp() == b.bytesPerOp() && a.keysPerOp() == b.keysPerOp()
                && a.window() == b.window();
        for (Op op : Op.values()) {
            int runs = a.of(op).runs().size();
            if (runs == 0 || b.of(op).runs().size() != runs) {
                same = false;
            }
        }
        if (!same) {
            throw new IllegalArgumentException("workers " + a.worker() + " and " + b.worker()
                    + " ran different workloads or run counts; refusing to add their figures");
        }
    }
}
