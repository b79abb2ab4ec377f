package dev.shoal.ml.worker;

import dev.shoal.client.ShoalClient;
import dev.shoal.ml.model.Blas;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import dev.shoal.ml.train.BatchPlan;
import dev.shoal.ml.train.JobConfig;
import dev.shoal.ml.train.StepPacing;
import dev.shoal.ml.train.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code shoal worker --job train} runs: the training job, with its progress printed as
 * {@link TrainEvents} lines and, on worker 0, the metrics and the final model written to the job's output
 * directory.
 *
 * <pre>{@code
 * new TrainWorker(job, StepPacing.REAL).run(ps);   // job.out()/metrics.csv and model.bin on worker 0
 * }</pre>
 */
public final class TrainWorker {
    private static final Logger LOG = LoggerFactory.getLogger(TrainWorker.class);
    /** Step lines are for a progress bar: a few per second are plenty. */
    private static final long STEP_LINE_NANOS = 250_000_000L;

    private final JobConfig job;
    private final StepPacing pacing;

    public TrainWorker(JobConfig job, StepPacing pacing) {
        this.job = job;
        this.pacing = pacing;
    }

    public void run(ShoalClient ps) throws IOException {
        Blas.logChoice();
        LOG.info("training {}; compute {}", job, pacing);
        boolean first = ps.workerId() == 0;
        MetricsLog metrics = null;
        if (first) {
            Files.createDirectories(job.out());
            metrics = MetricsLog.create(job.out().resolve("metrics.csv"));
        }
        try {
            TrainingJob.Result r = TrainingJob.run(ps, job, pacing,
                    new Printer(first, ps.view().servers().size(), metrics));
            LOG.info(TrainEvents.done(ps.workerId(), r, ps.latencies()));
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /** Prints worker 0's progress, and every worker's start. */
    private static final class Printer implements TrainingJob.Listener {
        private final boolean first;
        private final int servers;
        private final MetricsLog metrics;
        private long lastStepLine;

        Printer(boolean first, int servers, MetricsLog metrics) {
            this.first = first;
            this.servers = servers;
            this.metrics = metrics;
        }

        @Override
        public void started(int worker, int workers, BatchPlan plan, int totalSteps, double setupSeconds) {
            LOG.info(TrainEvents.started(worker, workers, servers, totalSteps, plan.stepsPerEpoch(), plan.localBatch(),
                    setupSeconds,
                    Blas.isNative() ? "native" : "java"));
        }

        @Override
        public void stepped(int epoch, int step, double loss, double trainSeconds) {
            long now = System.nanoTime();
            if (first && now - lastStepLine >= STEP_LINE_NANOS) {
                lastStepLine = now;
                LOG.info(TrainEvents.step(epoch, step, loss, trainSeconds));
            }
        }

        @Override
        public void evaluated(EvalPoint point) {
            LOG.info(TrainEvents.eval(point));
            metrics.append(point);
        }
    }
}
