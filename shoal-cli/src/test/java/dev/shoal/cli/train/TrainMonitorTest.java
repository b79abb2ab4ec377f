package dev.shoal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import dev.shoal.ml.worker.TrainEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

class TrainMonitorTest {

    private static TrainEvent started(int worker) {
        return new TrainEvent.Started(worker, 2, 2, 100, 10, 32, worker == 0 ? 1.25 : 1.5, "native");
    }

    private static TrainEvent eval(int i) {
        return new TrainEvent.Eval(0, new EvalPoint(10 * i, i - 1, i, i + 0.5, 0.5, 0.45, 0.5 + i / 100.0));
    }

    @Test
    void sumsEveryWorkersBytesAndPrintsEveryEvaluationWithoutATerminal() {
        StringWriter text = new StringWriter();
        try (TrainMonitor m = new TrainMonitor(new PrintWriter(text), false, 64, false, null)) {
            m.event("worker-0", started(0));
            m.event("worker-1", started(1));
            for (int i = 1; i <= 10; i++) {
                m.event("worker-0", new TrainEvent.Step(0, 10 * i - 1, i - 1, 0.5, i));
                m.event("worker-0", eval(i));
            }
            m.event("worker-0", TrainEvent.Done.of(0, result(1000, 2000), RequestLatencies.empty()));
            m.event("worker-1", TrainEvent.Done.of(1, result(10, 20), RequestLatencies.empty()));
            m.line("server-0", "an unrelated line");
            assertThat(m.bytesPushed()).isEqualTo(1010);
            assertThat(m.bytesPulled()).isEqualTo(2020);
            assertThat(m.workersDone()).isEqualTo(2);
            assertThat(m.servers()).isEqualTo(2);
            assertThat(m.blas()).isEqualTo("native");
            assertThat(m.setupSeconds()).isEqualTo(1.25);   // worker 0's
        }
        List<String> evalLines = text.toString().lines().filter(l -> l.contains("test accuracy")).toList();
        assertThat(evalLines).hasSize(10);
        assertThat(evalLines.getFirst()).contains("step     10").contains("test accuracy 51.00%");
        assertThat(evalLines.getLast()).contains("step    100").contains("test accuracy 60.00%");
        assertThat(text.toString()).contains("training: 2 worker(s), 100 steps").doesNotContain("unrelated");
    }

    @Test
    void theBarsLastPictureShowsTheFinalStepAndEvaluation() {
        Queue<String> drawn = new ConcurrentLinkedQueue<>();
        StringWriter text = new StringWriter();
        TrainMonitor m = new TrainMonitor(new PrintWriter(text), false, 64, true,
                new DelegatingProgressBarConsumer(drawn::add, 200));
        m.event("worker-0", started(0));
        m.event("worker-0", new TrainEvent.Step(0, 90, 8, 0.5, 9));
        m.event("worker-0", eval(9));
        // the final evaluation comes after the last (throttled) step event, and then the end
        m.event("worker-0", eval(10));
        m.event("worker-0", TrainEvent.Done.of(0, result(1, 1), RequestLatencies.empty()));
        m.close();

        assertThat(drawn.peek()).isNotNull();
        String last = drawn.stream().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("100/100").contains("acc 60.0%");
        assertThat(text.toString()).doesNotContain("test accuracy");   // on a terminal, the bar shows them
    }

    @Test
    void verboseModePassesEveryLineThrough() {
        StringWriter text = new StringWriter();
        try (TrainMonitor m = new TrainMonitor(new PrintWriter(text, true), true, 64, false, null)) {
            m.line("server-0", "listening on 127.0.0.1:7101");
        }
        assertThat(text.toString()).contains("[server-0] listening on 127.0.0.1:7101");
    }

    private static TrainingJob.Result result(long pushed, long pulled) {
        return new TrainingJob.Result(100, 2, 2.2, List.of(), pushed, pulled, 1, 0, 20, 0.5);
    }
}
