package dev.shoal.transport.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.ErrorFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client and server over real TCP on loopback. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class RpcClientServerTest {
    private static final String HOST = "127.0.0.1";
    private static final TransportOptions OPTS = TransportOptions.defaults().withIoThreads(2)
            .withConnectTimeoutMillis(2000);
    private static NettyRuntime rt;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startRuntime() {
        rt = NettyRuntime.create("rpc-test", 2);
    }

    @AfterAll
    static void stopRuntime() {
        rt.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RpcServer serve(RequestHandler handler) {
        RpcServer s = RpcServer.bind(rt, HOST, 0, OPTS, handler);
        open.add(s);
        return s;
    }

    private RpcClient connect(RpcServer s, TransportOptions options, NotificationListener listener) {
        RpcClient c = RpcClient.connect(rt, HOST, s.port(), options, listener);
        open.add(c);
        return c;
    }

    private RpcClient connect(RpcServer s) {
        return connect(s, OPTS, NotificationListener.NONE);
    }

    /** An ECHO request carrying {@code payload}. */
    private static ByteBuf echo(ByteBufAllocator alloc, long id, long payload) {
        ByteBuf f = FrameHeader.allocate(alloc, MessageType.ECHO, id, 1, 2, 8);
        f.writeLongLE(payload);
        return FrameHeader.finish(f);
    }

    /** The echo reply to {@code req}, which it releases. */
    private static ByteBuf reply(Channel ch, ByteBuf req) {
        int n = FrameHeader.bodyLength(req);
        ByteBuf r = FrameHeader.allocateResponse(ch.alloc(), req, 5, n);
        r.writeBytes(req, FrameHeader.bodyIndex(req), n);
        req.release();
        return FrameHeader.finish(r);
    }

    private static final RequestHandler ECHO = (ch, frame) -> ch.writeAndFlush(reply(ch, frame));

    private static long payload(ByteBuf resp) {
        return resp.getLongLE(FrameHeader.bodyIndex(resp));
    }

    /** Sends one echo and checks the answer. */
    private static void assertEchoes(RpcClient c, long payload) throws Exception {
        long id = c.nextRequestId();
        ByteBuf r = c.call(echo(c.alloc(), id, payload)).get(5, TimeUnit.SECONDS);
        try {
            assertThat(FrameHeader.requestId(r)).isEqualTo(id);
            assertThat(payload(r)).isEqualTo(payload);
        } finally {
            r.release();
        }
    }

    private static ShoalException failure(CompletableFuture<ByteBuf> f) {
        Throwable t = catchThrowable(() -> f.get(5, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ShoalException.class);
        return (ShoalException) t.getCause();
    }

    @Test
    void concurrentRequestsAnsweredOutOfOrderReachTheirOwnCallers() throws Exception {
        Random shuffle = new Random(1);
        List<ByteBuf> batch = new ArrayList<>(); // one connection: only its event loop touches this
        AtomicBoolean reordered = new AtomicBoolean();
        RpcServer s = serve((ch, frame) -> {
            batch.add(frame);
            if (batch.size() == 20) {
                List<ByteBuf> order = new ArrayList<>(batch);
                Collections.shuffle(order, shuffle);
                for (int i = 0; i < order.size(); i++) {
                    if (order.get(i) != batch.get(i)) {
                        reordered.set(true);
                    }
                    ch.write(reply(ch, order.get(i)));
                }
                ch.flush();
                batch.clear();
            }
        });
        RpcClient c = connect(s);
        int threads = 4;
        int perThread = 100; // 400 in all, a multiple of the batch
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        AtomicInteger checked = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                try {
                    long[] ids = new long[perThread];
                    List<CompletableFuture<ByteBuf>> futures = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids[i] = c.nextRequestId();
                        futures.add(c.call(echo(c.alloc(), ids[i], thread * 1_000_000L + i)));
                    }
                    for (int i = 0; i < perThread; i++) {
                        ByteBuf r = futures.get(i).get(10, TimeUnit.SECONDS);
                        try {
                            assertThat(FrameHeader.isResponse(r)).isTrue();
                            assertThat(FrameHeader.requestId(r)).isEqualTo(ids[i]);
                            assertThat(payload(r)).isEqualTo(thread * 1_000_000L + i);
                            checked.incrementAndGet();
                        } finally {
                            r.release();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "caller-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join(12_000);
        }
        assertThat(errors).isEmpty();
        assertThat(checked.get()).isEqualTo(threads * perThread);
        assertThat(reordered.get()).as("the server really answered out of order").isTrue();
    }

    @Test
    void errorResponsesCompleteTheFutureExceptionallyWithCodeAndMessage() throws Exception {
        RpcServer s = serve((ch, frame) -> {
            if (FrameHeader.tableId(frame) == 7) {
                ch.writeAndFlush(ErrorFrames.answer(ch.alloc(), frame, ErrorCode.UNKNOWN_TABLE, "no table with id 7"));
                frame.release();
            } else {
                ch.writeAndFlush(reply(ch, frame));
            }
        });
        RpcClient c = connect(s);
        ByteBuf bad = FrameHeader.finish(FrameHeader.allocate(c.alloc(), MessageType.PULL_DENSE, c.nextRequestId(),
                7, 0, 0));
        ShoalException e = failure(c.call(bad));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(e.getMessage()).isEqualTo("no table with id 7");
        // a non-fatal error leaves the connection usable, and the slot was given back
        assertThat(c.isActive()).isTrue();
        assertEchoes(c, 99);
    }

    @Test
    void closingTheConnectionFailsPendingFuturesWithConnectionClosedNamingTheAddress() throws Exception {
        AtomicReference<Channel> serverSide = new AtomicReference<>();
        BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
        CountDownLatch received = new CountDownLatch(3);
        RpcServer s = serve((ch, frame) -> {
            serverSide.set(ch);
            held.add(frame);
            received.countDown();
        });
        RpcClient c = connect(s);
        List<CompletableFuture<ByteBuf>> pending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pending.add(c.call(echo(c.alloc(), c.nextRequestId(), i)));
        }
        assertThat(received.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending).noneMatch(CompletableFuture::isDone);

        serverSide.get().close();
        for (CompletableFuture<ByteBuf> f : pending) {
            ShoalException e = failure(f);
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_CLOSED);
            assertThat(e.getMessage()).contains(HOST + ":" + s.port());
        }
        assertThat(c.address()).isEqualTo(HOST + ":" + s.port());
        assertThat(c.isActive()).isFalse();

        // later calls fail at once, they do not hang
        ShoalException later = failure(c.call(echo(c.alloc(), c.nextRequestId(), 5)));
        assertThat(later.code()).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        held.forEach(ByteBuf::release);
    }

    @Test
    void closingTheClientFailsItsPendingFutures() throws Exception {
        BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
        RpcServer s = serve((ch, frame) -> held.add(frame));
        RpcClient c = connect(s);
        CompletableFuture<ByteBuf> f = c.call(echo(c.alloc(), c.nextRequestId(), 1));
        ByteBuf first = held.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        c.close();
        ShoalException e = failure(f);
        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_CLOSED);
        assertThat(e.getMessage()).contains(HOST + ":" + s.port());
        first.release();
    }

    @Test
    void connectingToAClosedPortFailsWithUnreachableNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int timeout = 1000;
        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> RpcClient.connect(rt, HOST, port, OPTS.withConnectTimeoutMillis(timeout),
                NotificationListener.NONE));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(t).isInstanceOf(ShoalException.class);
        ShoalException e = (ShoalException) t;
        assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(e.getMessage()).contains(HOST + ":" + port);
        assertThat(elapsedMs).as("a refused connect fails within the connect timeout").isLessThan(timeout);
    }

    @Test
    void connectingToAnAddressThatNeverAnswersGivesUpAtTheTimeout() {
        String blackhole = "192.0.2.1"; // TEST-NET-1: never routed
        int timeout = 300;
        long start = System.nanoTime();
        Throwable t = catchThrowable(() -> RpcClient.connect(rt, blackhole, 7101,
                OPTS.withConnectTimeoutMillis(timeout), NotificationListener.NONE));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(t).isInstanceOf(ShoalException.class);
        assertThat(((ShoalException) t).code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(t.getMessage()).contains(blackhole + ":7101").contains(timeout + " ms");
        assertThat(elapsedMs).as("gives up near the connect timeout").isLessThan(timeout + 1500L);
    }

    /** Reads one frame (length field included) from a raw socket. */
    private static ByteBuf readFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] len = new byte[4];
        d.readFully(len);
        int length = Unpooled.wrappedBuffer(len).getIntLE(0);
        assertThat(length).isBetween(FrameHeader.SIZE - 4, 1 << 16);
        byte[] rest = new byte[length];
        d.readFully(rest);
        return Unpooled.wrappedBuffer(len, rest);
    }

    private static void assertRefusedAndClosed(int port, byte[] garbage, ErrorCode code, long requestId)
            throws IOException {
        try (Socket raw = new Socket(HOST, port)) {
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(garbage);
            out.flush();
            InputStream in = raw.getInputStream();
            ByteBuf err = readFrame(in);
            assertThat(FrameHeader.isError(err)).isTrue();
            assertThat(FrameHeader.isResponse(err)).isTrue();
            assertThat(FrameHeader.requestId(err)).isEqualTo(requestId);
            assertThat(ErrorFrames.decode(err).code()).isEqualTo(code);
            try {
                assertThat(in.read()).as("end of stream after the error frame").isEqualTo(-1);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close the connection after " + code, e);
            } catch (IOException reset) {
                // a reset also means the server closed it
            }
        }
    }

    @Test
    void rawGarbageGetsAnErrorFrameAndAClosedSocketWhileOtherClientsKeepWorking() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        AtomicInteger disconnects = new AtomicInteger();
        CountDownLatch fourGone = new CountDownLatch(4);
        RpcServer s = serve(new RequestHandler() {
            @Override
            public void onRequest(Channel ch, ByteBuf frame) {
                ECHO.onRequest(ch, frame);
            }

            @Override
            public void onConnect(Channel ch) {
                connects.incrementAndGet();
            }

            @Override
            public void onDisconnect(Channel ch) {
                disconnects.incrementAndGet();
                fourGone.countDown();
            }
        });
        RpcClient good = connect(s);
        assertEchoes(good, 1);

        assertRefusedAndClosed(s.port(), "GET / HTTP/1.1\r\nHost: shoal\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                ErrorCode.FRAME_TOO_LARGE, 0);
        assertEchoes(good, 2);

        ByteBuf v = Unpooled.buffer();
        FrameHeader.writeHeader(v, MessageType.ECHO.id, 0, 31L, 0, 0);
        FrameHeader.finish(v).setByte(FrameHeader.VERSION_OFFSET, 9);
        assertRefusedAndClosed(s.port(), io.netty.buffer.ByteBufUtil.getBytes(v), ErrorCode.UNSUPPORTED_VERSION, 31L);

        ByteBuf u = Unpooled.buffer();
        FrameHeader.writeHeader(u, 222, 0, 32L, 0, 0);
        assertRefusedAndClosed(s.port(), io.netty.buffer.ByteBufUtil.getBytes(FrameHeader.finish(u)),
                ErrorCode.UNKNOWN_TYPE, 32L);

        byte[] shortLength = {3, 0, 0, 0, 1, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertRefusedAndClosed(s.port(), shortLength, ErrorCode.MALFORMED_FRAME, 0);

        assertThat(fourGone.await(5, TimeUnit.SECONDS)).as("the server saw the bad peers go").isTrue();
        assertThat(good.isActive()).isTrue();
        assertEchoes(good, 3);
        RpcClient fresh = connect(s);
        assertEchoes(fresh, 4);
        assertThat(connects.get()).isEqualTo(6);
        assertThat(disconnects.get()).isEqualTo(4);
    }

    @Test
    void aFullWindowBlocksTheCallerUntilAReplyFreesASlot() throws Exception {
        int window = 4;
        BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
        AtomicReference<Channel> serverSide = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        RpcServer s = serve((ch, frame) -> {
            serverSide.set(ch);
            received.incrementAndGet();
            held.add(frame);
        });
        RpcClient c = connect(s, OPTS.withMaxInFlight(window), NotificationListener.NONE);
        List<CompletableFuture<ByteBuf>> futures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < window; i++) {
            futures.add(c.call(echo(c.alloc(), c.nextRequestId(), i)));
        }
        List<ByteBuf> arrived = new ArrayList<>();
        for (int i = 0; i < window; i++) {
            ByteBuf f = held.poll(5, TimeUnit.SECONDS);
            assertThat(f).isNotNull();
            arrived.add(f);
        }

        CountDownLatch calling = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Thread blocked = new Thread(() -> {
            calling.countDown();
            futures.add(c.call(echo(c.alloc(), c.nextRequestId(), window)));
            returned.countDown();
        }, "blocked-caller");
        blocked.setDaemon(true);
        blocked.start();
        assertThat(calling.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(returned.await(300, TimeUnit.MILLISECONDS)).as("the fifth call waits for a slot").isFalse();
        assertThat(blocked.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
        assertThat(received.get()).as("nothing beyond the window was sent").isEqualTo(window);

        // one reply frees one slot: the fifth call goes out
        Channel ch = serverSide.get();
        ch.writeAndFlush(reply(ch, arrived.remove(0)));
        assertThat(returned.await(5, TimeUnit.SECONDS)).as("the fifth call returns once a slot frees").isTrue();
        ByteBuf fifth = held.poll(5, TimeUnit.SECONDS);
        assertThat(fifth).isNotNull();
        assertThat(received.get()).isEqualTo(window + 1);

        arrived.add(fifth);
        for (ByteBuf f : arrived) {
            ch.writeAndFlush(reply(ch, f));
        }
        for (int i = 0; i <= window; i++) {
            ByteBuf r = futures.get(i).get(5, TimeUnit.SECONDS);
            r.release();
        }
    }

    @Test
    void callsFromAnEventLoopOverflowTheWindowInsteadOfDeadlockingAndGiveTheSlotsBack() throws Exception {
        BlockingQueue<ByteBuf> held = new LinkedBlockingQueue<>();
        AtomicReference<Channel> serverSide = new AtomicReference<>();
        RpcServer s = serve((ch, frame) -> {
            serverSide.set(ch);
            held.add(frame);
        });
        RpcClient c = connect(s, OPTS.withMaxInFlight(1), NotificationListener.NONE);
        CompletableFuture<ByteBuf> first = c.call(echo(c.alloc(), c.nextRequestId(), 1));
        // the window (1) is full; an event-loop caller must not block
        CompletableFuture<ByteBuf> second = rt.group().next()
                .submit(() -> c.call(echo(c.alloc(), c.nextRequestId(), 2))).get(5, TimeUnit.SECONDS);
        ByteBuf a = held.poll(5, TimeUnit.SECONDS);
        ByteBuf b = held.poll(5, TimeUnit.SECONDS);
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        Channel ch = serverSide.get();
        ch.writeAndFlush(reply(ch, a));
        ch.writeAndFlush(reply(ch, b));
        first.get(5, TimeUnit.SECONDS).release();
        second.get(5, TimeUnit.SECONDS).release();

        // the window is back to exactly one slot: a plain caller gets through, one at a time
        CompletableFuture<ByteBuf> third = c.call(echo(c.alloc(), c.nextRequestId(), 3));
        ByteBuf t = held.poll(5, TimeUnit.SECONDS);
        assertThat(t).isNotNull();
        CountDownLatch fourthSent = new CountDownLatch(1);
        List<CompletableFuture<ByteBuf>> fourth = Collections.synchronizedList(new ArrayList<>());
        Thread caller = new Thread(() -> {
            fourth.add(c.call(echo(c.alloc(), c.nextRequestId(), 4)));
            fourthSent.countDown();
        });
        caller.setDaemon(true);
        caller.start();
        assertThat(fourthSent.await(300, TimeUnit.MILLISECONDS)).as("only one slot after the overflow").isFalse();
        ch.writeAndFlush(reply(ch, t));
        third.get(5, TimeUnit.SECONDS).release();
        assertThat(fourthSent.await(5, TimeUnit.SECONDS)).isTrue();
        ByteBuf f4 = held.poll(5, TimeUnit.SECONDS);
        ch.writeAndFlush(reply(ch, f4));
        fourth.get(0).get(5, TimeUnit.SECONDS).release();
    }

    @Test
    void aHeldReadGateStopsReadingThatPeerUntilReleased() throws Exception {
        AtomicReference<Channel> serverSide = new AtomicReference<>();
        AtomicReference<ByteBuf> firstFrame = new AtomicReference<>();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        RpcServer s = serve((ch, frame) -> {
            if (first.getCount() > 0) {
                serverSide.set(ch);
                ReadGate.hold(ch);
                firstFrame.set(frame);
                first.countDown();
            } else {
                second.countDown();
                ch.writeAndFlush(reply(ch, frame));
            }
        });
        RpcClient c = connect(s);
        CompletableFuture<ByteBuf> f1 = c.call(echo(c.alloc(), c.nextRequestId(), 1));
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        Channel ch = serverSide.get();
        assertThat(ch.eventLoop().submit(() -> ch.config().isAutoRead()).get(5, TimeUnit.SECONDS))
                .as("autoRead while held").isFalse();

        CompletableFuture<ByteBuf> f2 = c.call(echo(c.alloc(), c.nextRequestId(), 2));
        assertThat(second.await(300, TimeUnit.MILLISECONDS)).as("a held peer is not read").isFalse();
        assertThat(f2).isNotDone();

        ReadGate.release(ch);
        assertThat(second.await(5, TimeUnit.SECONDS)).as("reading resumes on release").isTrue();
        ByteBuf r2 = f2.get(5, TimeUnit.SECONDS);
        assertThat(payload(r2)).isEqualTo(2);
        r2.release();
        assertThat(ch.eventLoop().submit(() -> ch.config().isAutoRead()).get(5, TimeUnit.SECONDS)).isTrue();

        ch.writeAndFlush(reply(ch, firstFrame.get()));
        ByteBuf r1 = f1.get(5, TimeUnit.SECONDS);
        assertThat(payload(r1)).isEqualTo(1);
        r1.release();
    }

    @Test
    void notificationsReachTheListenerInOrderWithResponses() throws Exception {
        ClusterView view = new ClusterView(3, List.of(new NodeAddress(0, HOST, 7101)), new int[] {0, 1}, 2,
                Consistency.ssp(2), 64);
        RpcServer s = serve((ch, frame) -> {
            ByteBuf n = ch.alloc().buffer();
            FrameHeader.writeHeader(n, MessageType.CLUSTER_VIEW.id, FrameHeader.FLAG_NOTIFICATION, 0L, 0, 0);
            ControlCodec.writeView(n, view);
            ch.write(FrameHeader.finish(n));
            ch.writeAndFlush(reply(ch, frame));
        });
        CompletableFuture<ClusterView> seen = new CompletableFuture<>();
        AtomicInteger notifications = new AtomicInteger();
        RpcClient c = connect(s, OPTS, frame -> {
            notifications.incrementAndGet();
            assertThat(FrameHeader.isNotification(frame)).isTrue();
            seen.complete(ControlCodec.readView(frame.slice(FrameHeader.bodyIndex(frame),
                    FrameHeader.bodyLength(frame))));
        });
        assertEchoes(c, 8);
        assertThat(seen).as("the notification sent before the response was delivered first").isDone();
        assertThat(seen.get()).isEqualTo(view);
        assertThat(notifications.get()).isEqualTo(1);
    }

    @Test
    void requestIdsCarryThePrefixAndNeverRepeat() {
        RpcServer s = serve(ECHO);
        RpcClient c = connect(s);
        long a = c.nextRequestId();
        c.setIdPrefix(5);
        long b = c.nextRequestId();
        long d = c.nextRequestId();
        assertThat(a).isEqualTo(1L);
        assertThat(b >>> 40).isEqualTo(5L);
        assertThat(b & ((1L << 40) - 1)).isEqualTo(2L);
        assertThat(d).isEqualTo(b + 1);
    }

    @Test
    void bindingAPortInUseFailsWithUnreachableNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(false);
            taken.bind(new java.net.InetSocketAddress(HOST, 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> RpcServer.bind(rt, HOST, port, OPTS, ECHO))
                    .isInstanceOf(ShoalException.class)
                    .hasMessageContaining(HOST + ":" + port)
                    .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.UNREACHABLE));
        }
    }
}
