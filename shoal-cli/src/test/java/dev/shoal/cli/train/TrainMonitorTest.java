package dev.shoal.cli.train;

import dev.shoal.ml.worker.TrainEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TrainMonitorTest {

    @Test
    void sumsEveryWorkersBytesAndPrintsEvaluationsWithoutATerminal() {
        StringWriter text = new StringWriter();
        try (TrainMonitor m = new TrainMonitor(new PrintWriter(text), false, 64)) {
            m.line("worker-0", "x " + TrainEvents.started(0, 2, 2, 100, 50, 32, 1.25, "native"));
            m.line("worker-1", "x " + TrainEvents.started(1, 2, 2, 100, 50, 32, 1.5, "native"));
            m.line("worker-0", "x " + TrainEvents.eval(new EvalPoint(50, 0, 1.0, 1.1, 0.5, 0.45, 0.8125)));
            m.line("worker-0", "x " + TrainEvents.done(0, result(1000, 2000), RequestLatencies.empty()));
            m.line("worker-1", "x " + TrainEvents.done(1, result(10, 20), RequestLatencies.empty()));
            m.line("server-0", "an unrelated line");
            assertThat(m.bytesPushed()).isEqualTo(1010);
            assertThat(m.bytesPulled()).isEqualTo(2020);
            assertThat(m.workersDone()).isEqualTo(2);
            assertThat(m.servers()).isEqualTo(2);
            assertThat(m.blas()).isEqualTo("native");
            assertThat(m.setupSeconds()).isEqualTo(1.25);   // worker 0's
        }
        assertThat(text.toString()).contains("training: 2 worker(s), 100 steps").contains("test accuracy 81.25%")
                .doesNotContain("unrelated");
    }

    @Test
    void verboseModePassesEveryLineThrough() {
        StringWriter text = new StringWriter();
        try (TrainMonitor m = new TrainMonitor(new PrintWriter(text, true), true, 64)) {
            m.line("server-0", "listening on 127.0.0.1:7101");
        }
        assertThat(text.toString()).contains("[server-0] listening on 127.0.0.1:7101");
    }

    private static TrainingJob.Result result(long pushed, long pulled) {
        return new TrainingJob.Result(100, 2, 2.2, java.util.List.of(), pushed, pulled, 1, 0, 20, 0.5);
    }
}
