package dev.shoal.bench.tcp;

import dev.shoal.bench.loop.LoopResult;
import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.stats.LatencyHistograms;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The sending end of the plain-TCP reference: a java.nio {@link SocketChannel} writing one direct buffer over
 * and over to a {@link TcpSink} in another process.
 *
 * <pre>{@code
 * ReferenceResult ref = TcpReference.measure("127.0.0.1", 7300, 4 << 20, 5, Duration.ofSeconds(1));
 * System.out.printf("loopback TCP: %.2f GB/s%n", ref.streamBytesPerSecond().median() / 1e9);
 * }</pre>
 *
 * <p>No framing, no copies out of the buffer, no serialization: the figure is what the kernel's loopback path
 * allows, so a parameter server's ratio to it shows how much its own work costs.
 */
public final class TcpReference {
    private static final Duration WARMUP = Duration.ofMillis(300);

    private TcpReference() {
    }

    /** Warms both variants up, then measures each {@code runs} times for {@code perRun}. */
    public static ReferenceResult measure(String host, int port, int chunkBytes, int runs, Duration perRun)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(chunkBytes);
        stream(host, port, chunk, WARMUP);
        roundTrips(host, port, chunk, WARMUP);
        double[] stream = new double[runs];
        double[] ackBytes = new double[runs];
        double[] ackOps = new double[runs];
        Histogram latency = LatencyHistograms.create();
        for (int i = 0; i < runs; i++) {
            stream[i] = stream(host, port, chunk, perRun).bytesPerSecond();
            LoopResult rt = roundTrips(host, port, chunk, perRun);
            ackBytes[i] = rt.bytesPerSecond();
            ackOps[i] = rt.opsPerSecond();
            latency.add(rt.latencies());
        }
        return new ReferenceResult(chunkBytes, Spread.of(stream), Spread.of(ackBytes), Spread.of(ackOps), latency);
    }

    static LoopResult stream(String host, int port, ByteBuffer chunk, Duration duration) throws IOException {
        try (SocketChannel c = connect(host, port, TcpSink.STREAM, chunk.capacity())) {
            long t0 = System.nanoTime();
            long deadline = t0 + duration.toNanos();
            long chunks = 0;
            do {
                chunk.clear();
                TcpSink.writeFully(c, chunk);
                chunks++;
            } while (System.nanoTime() - deadline < 0);
            c.shutdownOutput();
            ByteBuffer answer = ByteBuffer.allocate(8);
            TcpSink.readFully(c, answer);
            long nanos = System.nanoTime() - t0;
            long bytes = chunks * chunk.capacity();
            if (answer.getLong(0) != bytes) {
                throw new IOException("tcp sink received " + answer.getLong(0) + " bytes of " + bytes + " sent");
            }
            return new LoopResult(chunks, bytes, nanos, LatencyHistograms.create());
        }
    }

    static LoopResult roundTrips(String host, int port, ByteBuffer chunk, Duration duration) throws IOException {
        try (SocketChannel c = connect(host, port, TcpSink.ACK, chunk.capacity())) {
            ByteBuffer ack = ByteBuffer.allocateDirect(1);
            Histogram h = LatencyHistograms.create();
            long t0 = System.nanoTime();
            long deadline = t0 + duration.toNanos();
            long ops = 0;
            do {
                long start = System.nanoTime();
                chunk.clear();
                TcpSink.writeFully(c, chunk);
                ack.clear();
                TcpSink.readFully(c, ack);
                LatencyHistograms.record(h, System.nanoTime() - start);
                ops++;
            } while (System.nanoTime() - deadline < 0);
            return new LoopResult(ops, ops * chunk.capacity(), System.nanoTime() - t0, h);
        }
    }

    private static SocketChannel connect(String host, int port, int mode, int chunkBytes) throws IOException {
        SocketChannel c = SocketChannel.open();
        try {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.connect(new InetSocketAddress(host, port));
            ByteBuffer header = ByteBuffer.allocate(8).putInt(0, mode).putInt(4, chunkBytes);
            TcpSink.writeFully(c, header);
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }
}
