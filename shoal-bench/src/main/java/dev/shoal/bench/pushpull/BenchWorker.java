package dev.shoal.bench.pushpull;

import dev.shoal.bench.loop.LoopResult;
import dev.shoal.bench.loop.TimedLoop;
import dev.shoal.client.ShoalClient;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The body of one bench worker process: warm up, then for each run a timed push loop and a timed pull loop,
 * every loop started together with the other workers.
 *
 * <pre>{@code
 * try (ShoalClient ps = ShoalClient.connect(ClientConfig.of("127.0.0.1:7100"))) {
 *     WorkerResult r = BenchWorker.run(ps, Workload.dense(4 << 20, 1, 5, Duration.ofSeconds(3)));
 *     status.update(s -> s.done(NodeStatusFile.parseTree(r.toJson())));   // the launcher reads it there
 * }
 * }</pre>
 */
public final class BenchWorker {
    /** Enough requests for the JIT to compile the client's hot paths when requests are small and fast. */
    private static final long WARMUP_MAX_OPS = 2_000;

    private BenchWorker() {
    }

    public static WorkerResult run(ShoalClient ps, Workload w) {
        TableOps ops = TableOps.create(ps, w);
        ClusterBarrier barrier = new ClusterBarrier(ps, ps.view().expectedWorkers());
        TimedLoop loop = new TimedLoop(w.window(), w.opTimeout());
        // Pushes first so that pulls of a sparse table find rows that exist, as they will in the timed runs.
        loop.warmUp(ops.push(), w.warmup(), WARMUP_MAX_OPS);
        loop.warmUp(ops.pull(), w.warmup(), WARMUP_MAX_OPS);
        List<RunFigures> pushRuns = new ArrayList<>();
        List<RunFigures> pullRuns = new ArrayList<>();
        Histogram pushLatency = LatencyHistograms.create();
        Histogram pullLatency = LatencyHistograms.create();
        for (int run = 0; run < w.runs(); run++) {
            barrier.await(w.workerBudget());
            record(loop.run(ops.push(), w.seconds(), w.bytesPerOp()), pushRuns, pushLatency);
            barrier.await(w.workerBudget());
            record(loop.run(ops.pull(), w.seconds(), w.bytesPerOp()), pullRuns, pullLatency);
        }
        return new WorkerResult(ps.workerId(), w.mode(), w.bytesPerOp(), w.sparseKeys(), w.window(),
                new OpMeasurements(pushRuns, pushLatency), new OpMeasurements(pullRuns, pullLatency));
    }

    private static void record(LoopResult r, List<RunFigures> runs, Histogram latency) {
        runs.add(RunFigures.of(r));
        latency.add(r.latencies());
    }
}
