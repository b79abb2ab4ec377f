package dev.shoal.bench.pushpull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.transport.status.NodeStatusFile;
import org.junit.jupiter.api.Test;

class WorkerResultTest {

    @Test
    void resultRoundTripsThroughADoneStatus() {
        WorkerResult r = Fixtures.dense(3, new long[] {5, 7}, 12_345);
        // as the worker reports it and WorkerFleet reads it back
        WorkerResult back = WorkerResult.parse(NodeStatusFile.parseTree(r.toJson()).toString());
        assertThat(back.worker()).isEqualTo(3);
        assertThat(back.mode()).isEqualTo("dense");
        assertThat(back.bytesPerOp()).isEqualTo(Fixtures.MIB4);
        assertThat(back.push().runs()).isEqualTo(r.push().runs());
        assertThat(back.pull().latency()).isEqualTo(r.pull().latency());
        assertThat(back.toJson()).isEqualTo(r.toJson());
    }
}
