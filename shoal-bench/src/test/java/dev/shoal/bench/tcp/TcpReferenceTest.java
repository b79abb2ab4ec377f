package dev.shoal.bench.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpReferenceTest {

    @Test
    void measuresBothVariantsAgainstASink() throws Exception {
        try (TcpSink sink = TcpSink.open("127.0.0.1", 0)) {
            Thread t = new Thread(() -> {
                try {
                    sink.serve();
                } catch (java.io.IOException closed) {
                    // the test closed the sink
                }
            });
            t.setDaemon(true);
            t.start();
            ReferenceResult r = TcpReference.measure("127.0.0.1", sink.port(), 64 << 10, 2, Duration.ofMillis(50));
            assertThat(r.chunkBytes()).isEqualTo(64 << 10);
            assertThat(r.streamBytesPerSecond().runs()).isEqualTo(2);
            assertThat(r.streamBytesPerSecond().min()).isPositive();
            assertThat(r.ackOpsPerSecond().min()).isPositive();
            assertThat(r.ackLatency().getTotalCount()).isPositive();
        }
    }
}
