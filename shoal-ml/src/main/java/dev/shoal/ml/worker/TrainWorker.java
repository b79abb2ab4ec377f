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
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code shoal worker --job train} runs: the training job, with its progress written as {@link TrainEvent}s
 * to its events file (and logged for people) and, on worker 0, the metrics and the final model written to the
 * job's output directory.
 *
 * <pre>{@code
 * try (TrainEventWriter events = TrainEventWriter.open(eventsFile)) {
 *     new TrainWorker(job, StepPacing.REAL, events).run(ps);  // job.out()/metrics.csv and model.bin on worker 0
 * }
 * }</pre>
 */
public final class TrainWorker {
    private static final Logger LOG = LoggerFactory.getLogger(TrainWorker.class);
    /** Step events are for a progress bar: a few per second are plenty. */
    private static final long STEP_EVENT_NANOS = 250_000_000L;

    private final JobConfig job;
    private final StepPacing pacing;
    private final TrainEventWriter events;

    public TrainWorker(JobConfig job, StepPacing pacing, TrainEventWriter events) {
        this.job = job;
        this.pacing = pacing;
        this.events = events;
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
                    new Reporter(ps.workerId(), first, ps.view().servers().size(), metrics, events));
            LOG.info("done: {} steps in {} s of training, {} bytes pushed, {} pulled; {}", r.steps(),
                    String.format(Locale.ROOT, "%.2f", r.trainSeconds()), r.bytesPushed(), r.bytesPulled(),
                    ps.latencies());
            events.write(TrainEvent.Done.of(ps.workerId(), r, ps.latencies()));
        } catch (IOException | RuntimeException e) {
            events.write(new TrainEvent.Failed(ps.workerId(), String.valueOf(e.getMessage())));
            throw e;
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /** Reports worker 0's progress, and every worker's start, as events and as log lines for people. */
    private static final class Reporter implements TrainingJob.Listener {
        private final int workerId;
        private final boolean first;
        private final int servers;
        private final MetricsLog metrics;
        private final TrainEventWriter events;
        private long lastStepEvent;

        Reporter(int workerId, boolean first, int servers, MetricsLog metrics, TrainEventWriter events) {
            this.workerId = workerId;
            this.first = first;
            this.servers = servers;
            this.metrics = metrics;
            this.events = events;
        }

        @Override
        public void started(int worker, int workers, BatchPlan plan, int totalSteps, double setupSeconds) {
            String blas = Blas.isNative() ? "native" : "java";
            LOG.info("started: worker {} of {}, {} steps ({} per epoch), {} samples per step, setup {} s, BLAS {}",
                    worker, workers, totalSteps, plan.stepsPerEpoch(), plan.localBatch(),
                    String.format(Locale.ROOT, "%.2f", setupSeconds), blas);
            events.write(new TrainEvent.Started(worker, workers, servers, totalSteps, plan.stepsPerEpoch(),
                    plan.localBatch(), setupSeconds, blas));
        }

        @Override
        public void stepped(int epoch, int step, double loss, double trainSeconds) {
            long now = System.nanoTime();
            if (first && now - lastStepEvent >= STEP_EVENT_NANOS) {
                lastStepEvent = now;
                events.write(new TrainEvent.Step(workerId, step, epoch, loss, trainSeconds));
            }
        }

        @Override
        public void evaluated(EvalPoint point) {
            LOG.info(String.format(Locale.ROOT, "eval: step %d, epoch %d, %.2f s, test loss %.4f, test accuracy "
                    + "%.2f%%", point.step(), point.epoch() + 1, point.trainSeconds(), point.testLoss(),
                    100 * point.testAccuracy()));
            events.write(new TrainEvent.Eval(workerId, point));
            metrics.append(point);
        }
    }
}
