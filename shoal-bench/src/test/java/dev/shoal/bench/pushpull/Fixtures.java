package dev.shoal.bench.pushpull;

import dev.shoal.transport.stats.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Builds worker results with chosen figures. */
final class Fixtures {
    static final long MIB4 = 4 << 20;

    private Fixtures() {
    }

    /** A dense 4 MiB window-1 result whose run i moved {@code opsPerRun[i]} requests in one second each. */
    static WorkerResult dense(int worker, long[] opsPerRun, long latencyNanos) {
        return new WorkerResult(worker, "dense", MIB4, 0, 1, measurements(opsPerRun, MIB4, latencyNanos),
                measurements(opsPerRun, MIB4, latencyNanos));
    }

    static OpMeasurements measurements(long[] opsPerRun, long bytesPerOp, long latencyNanos) {
        List<RunFigures> runs = new ArrayList<>();
        Histogram h = LatencyHistograms.create();
        for (long ops : opsPerRun) {
            runs.add(new RunFigures(ops, ops * bytesPerOp, 1_000_000_000L));
            for (long i = 0; i < ops; i++) {
                LatencyHistograms.record(h, latencyNanos);
            }
        }
        return new OpMeasurements(runs, h);
    }
}
