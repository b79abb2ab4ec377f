package dev.shoal.bench.pushpull;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerResultTest {

    @Test
    void lineRoundTrips() {
        WorkerResult r = Fixtures.dense(3, new long[] {5, 7}, 12_345);
        String line = "12:00:00.000 INFO [main] BenchWorkerCommand - " + r.toLine();
        WorkerResult back = WorkerResult.fromLine(line).orElseThrow();
        assertThat(back.worker()).isEqualTo(3);
        assertThat(back.mode()).isEqualTo("dense");
        assertThat(back.bytesPerOp()).isEqualTo(Fixtures.MIB4);
        assertThat(back.push().runs()).isEqualTo(r.push().runs());
        assertThat(back.pull().latency().toPairs()).containsExactly(r.pull().latency().toPairs());
        assertThat(back.toJson()).isEqualTo(r.toJson());
    }

    @Test
    void otherLinesCarryNoResult() {
        assertThat(WorkerResult.fromLine("worker 0 joined: 1 servers, 1 workers")).isEmpty();
    }
}
