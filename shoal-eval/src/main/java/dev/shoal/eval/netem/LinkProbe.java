package dev.shoal.eval.netem;

import dev.shoal.bench.tcp.TcpSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A tiny process that measures one TCP stream, run inside an emulated node's namespace: {@code sink} listens
 * and counts, {@code send} streams to it for a while and prints what arrived and how long it took.
 *
 * <pre>{@code
 * ip netns exec shoal-123-1 java -cp ... dev.shoal.eval.netem.LinkProbe sink 10.203.7.3
 *     # link-probe listening on 10.203.7.3:40123
 * ip netns exec shoal-123-0 java -cp ... dev.shoal.eval.netem.LinkProbe send 10.203.7.3:40123 1500
 *     # link-probe sent 18350080 bytes in 1503112345 ns
 * }</pre>
 *
 * <p>The sink is {@link TcpSink} in its stream mode: it answers the byte count only once the sender's end of
 * stream arrived, so the sender's clock includes draining the shaper's queue and the figure is the rate that
 * really crossed the link, not the rate the sender could fill its socket buffer.
 */
public final class LinkProbe {
    static final String LISTENING = "link-probe listening on ";
    static final String SENT = "link-probe sent ";
    private static final int CHUNK = 256 << 10;

    private LinkProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("sink")) {
            sink(args[1]);
        } else if (args.length == 3 && args[0].equals("send")) {
            send(args[1], Duration.ofMillis(Long.parseLong(args[2])));
        } else {
            System.err.println("usage: LinkProbe sink HOST | LinkProbe send HOST:PORT MILLIS");
            System.exit(64);
        }
    }

    private static void sink(String host) throws IOException {
        try (TcpSink sink = TcpSink.open(host, 0)) {
            System.out.println(LISTENING + host + ":" + sink.port());
            System.out.flush();
            sink.serve();
        }
    }

    private static void send(String hostPort, Duration duration) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress to = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        try (SocketChannel c = SocketChannel.open(to)) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            writeFully(c, ByteBuffer.allocate(8).putInt(0, TcpSink.STREAM).putInt(4, CHUNK));
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
            long t0 = System.nanoTime();
            long deadline = t0 + duration.toNanos();
            do {
                writeFully(c, chunk.clear());
            } while (System.nanoTime() - deadline < 0);
            c.shutdownOutput();
            ByteBuffer answer = ByteBuffer.allocate(8);
            while (answer.hasRemaining() && c.read(answer) >= 0) {
                // The sink answers only after the whole stream arrived.
            }
            if (answer.hasRemaining()) {
                throw new IOException("the sink closed the connection without counting what it received");
            }
            long nanos = System.nanoTime() - t0;
            System.out.println(SENT + answer.getLong(0) + " bytes in " + nanos + " ns");
        }
    }

    private static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }
}
