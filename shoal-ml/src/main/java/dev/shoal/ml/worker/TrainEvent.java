package dev.shoal.ml.worker;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import java.util.Map;

/**
 * What a training worker tells whoever launched it, one JSON object per line of its events file
 * ({@link TrainEventWriter}, {@link TrainEventFollower}); the kind is in {@code "event"}.
 *
 * <pre>{@code
 * {"event":"started","worker":0,"workers":2,"servers":2,"steps":400,"stepsPerEpoch":200,"localBatch":32,
 *  "setupSeconds":1.25,"blas":"native"}
 * {"event":"eval","worker":0,"point":{"step":100,"epoch":0,"trainSeconds":3.1,...,"testAccuracy":0.79}}
 *
 * switch (event) {
 *     case TrainEvent.Eval e -> System.out.println(e.point().testAccuracy());
 *     case TrainEvent.Done d -> bytes += d.pushed();
 *     default -> { }
 * }
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrainEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = TrainEvent.Step.class, name = "step"),
    @JsonSubTypes.Type(value = TrainEvent.Eval.class, name = "eval"),
    @JsonSubTypes.Type(value = TrainEvent.Done.class, name = "done"),
    @JsonSubTypes.Type(value = TrainEvent.Failed.class, name = "failed")})
public sealed interface TrainEvent {

    /** The id the coordinator gave the worker. */
    int worker();

    /**
     * A worker read its data and made its tables.
     *
     * @param setupSeconds time to read the data and make the tables, before the first step
     * @param blas         {@code native} or {@code java}
     */
    record Started(int worker, int workers, int servers, int steps, int stepsPerEpoch, int localBatch,
                   double setupSeconds, String blas) implements TrainEvent {
    }

    /** Progress of worker 0, a few times a second: for a progress bar. */
    record Step(int worker, int step, int epoch, double loss, double trainSeconds) implements TrainEvent {
    }

    /** An evaluation on the test set (worker 0). */
    record Eval(int worker, EvalPoint point) implements TrainEvent {
    }

    /**
     * The run's end for one worker.
     *
     * @param latency its request round trips by kind, in {@link RequestLatencies#encoded()} form
     */
    record Done(int worker, int steps, double trainSeconds, double wallSeconds, long pushed, long pulled,
                double computeSeconds, double pacedSeconds, int warmupSteps, double warmupSeconds,
                Map<String, String> latency) implements TrainEvent {

        public static Done of(int worker, TrainingJob.Result r, RequestLatencies latencies) {
            return new Done(worker, r.steps(), r.trainSeconds(), r.wallSeconds(), r.bytesPushed(), r.bytesPulled(),
                    r.computeSeconds(), r.pacedSeconds(), r.warmupSteps(), r.warmupSeconds(), latencies.encoded());
        }

        /** Training seconds per step after the warm-up steps, NaN if the run was all warm-up. */
        public double steadySecondsPerStep() {
            return steps > warmupSteps ? (trainSeconds - warmupSeconds) / (steps - warmupSteps) : Double.NaN;
        }

        public RequestLatencies latencies() {
            return RequestLatencies.decode(latency == null ? Map.of() : latency);
        }
    }

    /** The worker gave up; {@code error} is the one line a person needs. */
    record Failed(int worker, String error) implements TrainEvent {
    }
}
