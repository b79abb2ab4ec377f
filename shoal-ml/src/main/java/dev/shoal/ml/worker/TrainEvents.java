package dev.shoal.ml.worker;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lines a training worker prints for whoever launched it: {@code SHOAL_TRAIN <event> key=value ...}.
 *
 * <pre>{@code
 * String line = TrainEvents.eval(point);            // "SHOAL_TRAIN eval step=100 epoch=0 ..."
 * Optional<TrainEvents.Event> e = TrainEvents.parse("[worker-0] 12:00:01 INFO ... " + line);
 * e.get().kind();                                     // "eval"
 * e.get().number("test_acc");
 * }</pre>
 *
 * <p>Plain text in the worker's log rather than a side channel, so that the same lines tell a person reading
 * the log of a worker on another host what happened, and {@code shoal train} finds them wherever the log
 * framework put them on the line.
 */
public final class TrainEvents {
    static final String MARK = "SHOAL_TRAIN ";

    /**
     * One parsed line.
     *
     * @param kind   {@code started}, {@code step}, {@code eval} or {@code done}
     * @param fields its key=value pairs
     */
    public record Event(String kind, Map<String, String> fields) {
        public double number(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new IllegalArgumentException("training event '" + kind + "' has no " + key + ": " + fields);
            }
            return v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
        }

        public long whole(String key) {
            return (long) number(key);
        }
    }

    private TrainEvents() {
    }

    public static String started(int worker, int workers, int servers, int steps, int stepsPerEpoch, int localBatch,
            double setupSeconds, String blas) {
        return MARK + "started worker=" + worker + " workers=" + workers + " servers=" + servers + " steps=" + steps
                + String.format(Locale.ROOT, " setup_s=%.3f", setupSeconds) + " steps_per_epoch="
                + stepsPerEpoch + " local_batch=" + localBatch + " blas=" + blas.replace(' ', '_');
    }

    static String step(int epoch, int step, double loss, double trainSeconds) {
        return String.format(Locale.ROOT, "%sstep step=%d epoch=%d loss=%.5f train_s=%.3f", MARK, step, epoch, loss,
                trainSeconds);
    }

    public static String eval(EvalPoint p) {
        return String.format(Locale.ROOT, "%seval step=%d epoch=%d train_s=%.4f wall_s=%.4f train_loss=%.5f "
                + "test_loss=%.5f test_acc=%.5f", MARK, p.step(), p.epoch(), p.trainSeconds(), p.wallSeconds(),
                p.trainLoss(), p.testLoss(), p.testAccuracy());
    }

    /** The run's end, with the worker's request latencies in {@link RequestLatencies#toText()} form. */
    public static String done(int worker, TrainingJob.Result r, RequestLatencies latencies) {
        return String.format(Locale.ROOT, "%sdone worker=%d steps=%d train_s=%.4f wall_s=%.4f pushed=%d pulled=%d "
                + "compute_s=%.4f paced_s=%.4f warmup_steps=%d warmup_s=%.4f latency=%s", MARK, worker, r.steps(),
                r.trainSeconds(), r.wallSeconds(), r.bytesPushed(), r.bytesPulled(), r.computeSeconds(),
                r.pacedSeconds(), r.warmupSteps(), r.warmupSeconds(), latencies.toText());
    }

    /** The event on this line, if it carries one. */
    public static Optional<Event> parse(String line) {
        int at = line.indexOf(MARK);
        if (at < 0) {
            return Optional.empty();
        }
        String[] parts = line.substring(at + MARK.length()).trim().split("\\s+");
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return Optional.of(new Event(parts[0], fields));
    }
}
