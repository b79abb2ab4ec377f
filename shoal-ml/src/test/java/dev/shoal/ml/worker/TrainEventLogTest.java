package dev.shoal.ml.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.client.RequestLatencies;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.train.TrainingJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEventLogTest {
    @TempDir
    Path dir;

    private final List<String> sources = new ArrayList<>();
    private final List<TrainEvent> seen = new ArrayList<>();

    private TrainEventFollower follower() {
        return new TrainEventFollower(dir, (file, e) -> {
            sources.add(file);
            seen.add(e);
        });
    }

    @Test
    void everyKindOfEventRoundTripsThroughAFile() throws IOException {
        TrainEvent started = new TrainEvent.Started(0, 2, 2, 100, 50, 32, 1.25, "native");
        TrainEvent step = new TrainEvent.Step(0, 10, 0, 0.5, 1.0);
        TrainEvent eval = new TrainEvent.Eval(0, new EvalPoint(50, 0, 1.0, 1.1, Double.NaN, 0.45, 0.8125));
        TrainEvent.Done done = TrainEvent.Done.of(0, new TrainingJob.Result(50, 1.5, 1.75, List.of(), 1L << 40, 7,
                0.25, 0.5, 10, 0.5), RequestLatencies.empty());
        TrainEvent failed = new TrainEvent.Failed(1, "no data in /tmp/none");
        try (TrainEventWriter w = TrainEventWriter.open(dir.resolve("worker-0.jsonl"))) {
            for (TrainEvent e : List.of(started, step, eval, done, failed)) {
                w.write(e);
            }
        }
        TrainEventFollower f = follower();
        assertThat(f.poll()).isEqualTo(5);
        assertThat(seen).containsExactly(started, step, eval, done, failed);
        assertThat(sources).containsOnly("worker-0");
        assertThat(((TrainEvent.Eval) seen.get(2)).point().trainLoss()).isNaN();
        assertThat(((TrainEvent.Done) seen.get(3)).latencies().push().getTotalCount()).isZero();
        assertThat(Files.readAllLines(dir.resolve("worker-0.jsonl")).get(0)).startsWith("{\"event\":\"started\"");
    }

    @Test
    void aLineIsHandedOnOnlyOnceItIsCompleteAndOnlyOnce() throws IOException {
        Path file = dir.resolve("worker-1.jsonl");
        String line = TrainEventWriter.toLine(new TrainEvent.Step(1, 3, 0, 0.25, 0.5));
        Files.writeString(file, line.substring(0, 10));
        TrainEventFollower f = follower();
        assertThat(f.poll()).isZero();
        Files.writeString(file, line.substring(10) + "\n", StandardOpenOption.APPEND);
        assertThat(f.poll()).isEqualTo(1);
        assertThat(f.poll()).isZero();
        assertThat(seen).containsExactly(new TrainEvent.Step(1, 3, 0, 0.25, 0.5));
    }

    @Test
    void filesOfSeveralWorkersAreAllFollowed() throws IOException {
        for (int w = 0; w < 3; w++) {
            try (TrainEventWriter out = TrainEventWriter.open(dir.resolve("worker-" + w + ".jsonl"))) {
                out.write(new TrainEvent.Failed(w, "x"));
            }
        }
        follower().close();
        assertThat(sources).containsExactly("worker-0", "worker-1", "worker-2");
    }

    @Test
    void aLineThatIsNoEventIsNamedByFileAndNumber() throws IOException {
        Path file = dir.resolve("worker-0.jsonl");
        Files.write(file, ("{\"event\":\"failed\",\"worker\":0,\"error\":\"x\"}\n{\"event\":\"nap\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> follower().poll()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " line 2 is not a training event: ");
    }

    @Test
    void aWriterWithoutAFileWritesNothing() throws IOException {
        try (TrainEventWriter w = TrainEventWriter.open(null)) {
            w.write(new TrainEvent.Failed(0, "x"));
        }
        assertThat(dir).isEmptyDirectory();
    }
}
