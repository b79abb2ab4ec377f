package dev.shoal.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.error.ConnectionClosedException;
import dev.shoal.protocol.error.RequestTimeoutException;
import dev.shoal.protocol.error.ShoalInterruptedException;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.RequestTimeouts;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.time.ManualClock;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deadlines against a real TCP peer that accepts and never answers (a host that vanished without closing its
 * connections looks the same), on a manual clock: nothing waits for real seconds.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class RequestDeadlineTest {
    private final ManualClock clock = new ManualClock();
    private final NettyRuntime rt = NettyRuntime.create("deadline-test", 1, clock);
    private final List<Socket> accepted = new ArrayList<>();
    private ServerSocket silent;
    private Thread acceptor;

    @BeforeEach
    void startSilentPeer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = silent.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
        acceptor.join();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
        rt.close();
    }

    private RpcClient connect(RequestTimeouts timeouts) {
        RpcClient c = RpcClient.connect(rt, "127.0.0.1", silent.getLocalPort(),
                TransportOptions.defaults().withIoThreads(1).withRequestTimeouts(timeouts), NotificationListener.NONE);
        c.setPeerName("server 3");
        return c;
    }

    private static ByteBuf pull(RpcClient c) {
        return DenseFrames.encodePull(c.alloc(), c.nextRequestId(), 1, 0, 0, 16);
    }

    private static ShoalException failure(CompletableFuture<ByteBuf> f) {
        assertThat(f).isDone();
        return Futures.unwrap(catchThrowable(f::join));
    }

    @Test
    void aPullToAPeerThatNeverAnswersFailsAtItsDeadlineNamingPeerKindAndDeadline() {
        RpcClient c = connect(RequestTimeouts.defaults().withPull(Duration.ofSeconds(30)));
        CompletableFuture<ByteBuf> reply = c.call(pull(c));

        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        c.expireOverdue();
        assertThat(reply).as("one nanosecond before the deadline").isNotDone();

        clock.advance(Duration.ofNanos(1));
        c.expireOverdue();
        ShoalException e = failure(reply);
        assertThat(e).isInstanceOf(RequestTimeoutException.class);
        assertThat(((RequestTimeoutException) e).type()).isEqualTo(MessageType.PULL_DENSE);
        assertThat(e.retriable()).as("a pull is idempotent").isTrue();
        assertThat(e.getMessage()).contains("PULL_DENSE", "server 3 at 127.0.0.1:" + silent.getLocalPort(),
                "30 s", "RequestTimeouts.pull");
    }

    @Test
    void aTimeoutClosesTheConnectionSoTheRequestsBehindItAndLaterOnesFailAtOnce() throws Exception {
        RpcClient c = connect(RequestTimeouts.all(Duration.ofSeconds(60)));
        CompletableFuture<ByteBuf> early = c.call(pull(c), Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(1));
        CompletableFuture<ByteBuf> behind = c.call(pull(c));

        clock.advance(Duration.ofSeconds(4));
        c.expireOverdue();

        assertThat(failure(early)).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("5 s");
        Throwable t = catchThrowable(() -> behind.get(5, TimeUnit.SECONDS));
        assertThat(Futures.unwrap(t)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("server 3");
        assertThat(Futures.unwrap(catchThrowable(() -> c.call(pull(c)).get(5, TimeUnit.SECONDS))))
                .isInstanceOf(ConnectionClosedException.class);
        assertThat(c.isActive()).isFalse();
    }

    @Test
    void theDefaultDeadlineDependsOnTheKindOfRequest() {
        RpcClient c = connect(RequestTimeouts.defaults());
        ByteBuf stateFrame = FrameHeader.finish(FrameHeader.allocate(c.alloc(), MessageType.STATE,
                c.nextRequestId(), 0, 1, 0));
        CompletableFuture<ByteBuf> stateAck = c.call(stateFrame);
        CompletableFuture<ByteBuf> pulled = c.call(pull(c));

        clock.advance(RequestTimeouts.defaults().push());
        c.expireOverdue();

        assertThat(failure(stateAck)).hasMessageContaining("STATE").hasMessageContaining("60 s");
        // The pull (5 min) was not overdue; it fails only because the connection was closed behind the STATE.
        assertThat(Futures.unwrap(catchThrowable(() -> pulled.get(5, TimeUnit.SECONDS))))
                .isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void anInterruptedWaitIsReportedAsAnInterruptNotATimeout() throws Exception {
        RpcClient c = connect(RequestTimeouts.defaults());
        CompletableFuture<ByteBuf> reply = c.call(pull(c));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                Futures.await(reply, "a silent peer");
            } catch (RuntimeException e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } finally {
                done.countDown();
            }
        });
        waiter.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(ShoalInterruptedException.class).hasMessageContaining("a silent peer");
        assertThat(stillInterrupted.get()).isTrue();
        c.close();
    }
}
