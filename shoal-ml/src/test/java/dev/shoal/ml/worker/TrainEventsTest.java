package dev.shoal.ml.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainEventsTest {

    @Test
    void anEvaluationIsFoundWhereverTheLoggerPutsIt() {
        EvalPoint p = new EvalPoint(300, 1, 2.5, 2.75, 0.41, 0.4375, 0.8512);
        String line = "[worker-1] 12:00:01.123 INFO  [main] TrainWorker - " + TrainEvents.eval(p);
        TrainEvents.Event e = TrainEvents.parse(line).orElseThrow();
        assertThat(e.kind()).isEqualTo("eval");
        assertThat(e.whole("step")).isEqualTo(300);
        assertThat(e.whole("epoch")).isEqualTo(1);
        assertThat(e.number("train_s")).isEqualTo(2.5);
        assertThat(e.number("test_acc")).isEqualTo(0.8512);
    }

    @Test
    void startAndDoneCarryWhatTheSummaryNeeds() {
        TrainEvents.Event s = TrainEvents.parse(TrainEvents.started(0, 2, 3, 1874, 937, 32, 0.5, "native")).orElseThrow();
        assertThat(s.whole("servers")).isEqualTo(3);
        assertThat(s.whole("steps_per_epoch")).isEqualTo(937);
        assertThat(s.number("setup_s")).isEqualTo(0.5);
        assertThat(s.fields()).containsEntry("blas", "native");
        TrainEvents.Event d = TrainEvents.parse(TrainEvents.done(1,
                new TrainingJob.Result(50, 1.5, 1.75, List.of(), 1L << 40, 7, 0.25, 0.5, 10, 0.5), RequestLatencies.empty()))
                .orElseThrow();
        assertThat(d.whole("pushed")).isEqualTo(1L << 40);
        assertThat(d.whole("pulled")).isEqualTo(7);
        assertThat(d.number("compute_s")).isEqualTo(0.25);
        assertThat(d.number("paced_s")).isEqualTo(0.5);
        assertThat(d.whole("warmup_steps")).isEqualTo(10);
        assertThat(d.number("warmup_s")).isEqualTo(0.5);
        assertThat(RequestLatencies.parse(d.fields().get("latency")).push().count()).isZero();
    }

    @Test
    void otherLinesAreNotEvents() {
        assertThat(TrainEvents.parse("12:00:01 INFO ServerNode - listening on 127.0.0.1:7101")).isEmpty();
        assertThat(TrainEvents.parse(TrainEvents.step(0, 1, Double.NaN, 0)).orElseThrow().number("loss")).isNaN();
    }
}
