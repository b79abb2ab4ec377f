package dev.shoal.transport.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.error.UnreachableException;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.NotificationListener;
import dev.shoal.transport.time.Backoff;
import dev.shoal.transport.time.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The join's retries against a port nobody listens on, on a manual clock that the backoff's sleeps move. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JoinRetryTest {

    @Test
    void joiningGivesUpExactlyAtTheJoinTimeoutAfterBackedOffAttempts() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ManualClock clock = new ManualClock();
        try (NettyRuntime rt = NettyRuntime.create("join-test", 1, clock)) {
            JoinRequest join = JoinRequest.worker("127.0.0.1", port).withJoinTimeout(Duration.ofSeconds(10))
                    .withTransport(TransportOptions.defaults().withIoThreads(1).withConnectTimeoutMillis(500));
            Backoff backoff = new Backoff(CoordinatorSession.JOIN_BACKOFF_BASE, CoordinatorSession.JOIN_BACKOFF_MAX,
                    new SplittableRandom(1));
            long start = clock.nanoTime();

            Throwable t = catchThrowable(() -> CoordinatorSession.connectWithRetry(rt, join, backoff,
                    NotificationListener.NONE));

            assertThat(t).isInstanceOf(UnreachableException.class)
                    .hasMessageContaining("could not reach the coordinator at 127.0.0.1:" + port + " within 10 s");
            assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(10).toNanos());
            // Waits of at most 0.1, 0.2, 0.4, 0.8, 1.6 s, then 2 s: at least 9 attempts fill 10 s.
            int attempts = Integer.parseInt(t.getMessage().replaceAll(".*\\((\\d+) attempts\\).*", "$1"));
            assertThat(attempts).isGreaterThanOrEqualTo(9);
            assertThat(((UnreachableException) t).retriable()).isTrue();
        }
    }
}
