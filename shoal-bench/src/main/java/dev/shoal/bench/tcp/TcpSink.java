package dev.shoal.bench.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The receiving end of the plain-TCP reference: discards what it is sent, acknowledging as the client asks.
 *
 * <pre>{@code
 * try (TcpSink sink = TcpSink.open("127.0.0.1", 0)) {
 *     status.update(s -> s.ready("127.0.0.1:" + sink.port(), null));   // the launcher waits for this
 *     sink.serve();   // until the process is stopped
 * }
 * }</pre>
 *
 * <p>Each connection starts with an 8-byte header: mode and chunk size. {@link #STREAM}: read until end of
 * stream, then answer the byte count, so the sender's clock stops only when everything has arrived.
 * {@link #ACK}: after every chunk answer one byte, the shape of one blocking push. Reads go through one reused
 * direct buffer per connection, as a tuned server would do. Socket buffers are left to the kernel's
 * auto-tuning, which on loopback did as well as fixed 4 MiB buffers.
 */
public final class TcpSink implements AutoCloseable {
    /** Mode: a continuous stream, answered by its length once the sender shuts its side down. */
    public static final int STREAM = 1;
    /** Mode: chunk, one-byte ack, chunk, ack, and so on. */
    public static final int ACK = 2;
    /** Larger reads were no faster on loopback; a buffer that stays in cache helps the copy out of the kernel. */
    private static final int READ_BUFFER = 256 << 10;

    private final ServerSocketChannel server;

    private TcpSink(ServerSocketChannel server) {
        this.server = server;
    }

    /** Listens on {@code host:port}; port 0 picks a free one. */
    public static TcpSink open(String host, int port) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.bind(new InetSocketAddress(host, port));
            return new TcpSink(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts connections until closed, each served on its own daemon thread. */
    public void serve() throws IOException {
        while (server.isOpen()) {
            SocketChannel c = server.accept();
            Thread t = new Thread(() -> serveQuietly(c), "tcp-sink-" + c.socket().getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serveQuietly(SocketChannel c) {
        try (c) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer header = ByteBuffer.allocate(8);
            readFully(c, header);
            int mode = header.getInt(0);
            int chunk = header.getInt(4);
            ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
            if (mode == STREAM) {
                drain(c, buf);
            } else if (mode == ACK && chunk > 0) {
                acknowledge(c, buf, chunk);
            }
        } catch (IOException e) {
            // The sender went away mid-transfer; its own error is the one worth reporting.
        }
    }

    private static void drain(SocketChannel c, ByteBuffer buf) throws IOException {
        long total = 0;
        for (int n = c.read(buf); n >= 0; n = c.read(buf)) {
            total += n;
            buf.clear();
        }
        ByteBuffer answer = ByteBuffer.allocate(8).putLong(0, total);
        writeFully(c, answer);
    }

    private static void acknowledge(SocketChannel c, ByteBuffer buf, int chunk) throws IOException {
        ByteBuffer ack = ByteBuffer.allocateDirect(1);
        while (true) {
            for (int left = chunk; left > 0; ) {
                buf.clear().limit(Math.min(left, buf.capacity()));
                int n = c.read(buf);
                if (n < 0) {
                    return;
                }
                left -= n;
            }
            ack.clear();
            writeFully(c, ack);
        }
    }

    static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new EOFException("peer closed the connection with " + b.remaining() + " bytes still expected");
            }
        }
    }

    static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
