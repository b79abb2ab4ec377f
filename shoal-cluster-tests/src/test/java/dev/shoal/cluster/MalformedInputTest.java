package dev.shoal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.launch.LocalCluster;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raw malformed bytes sent to a server process over a socket get an error frame and a closed connection; the
 * server keeps serving, and a normal worker started afterwards runs a full job.
 */
@Timeout(180)
class MalformedInputTest {

    @Test
    void garbageIsRefusedAndTheServerKeepsServing() throws IOException {
        try (LocalCluster c = Clusters.builder("malformed", 2, 1, "asp").launchWorkers(false).build()) {
            c.start();
            int port = serverPort(c, "server-0");

            assertRefused(port, frame(1 << 30, 1, 10), 5);          // length over the limit: FRAME_TOO_LARGE
            assertRefused(port, frame(20, 9, 10), 3);               // version 9: UNSUPPORTED_VERSION
            assertRefused(port, frame(20, 1, 200), 4);              // type 200: UNKNOWN_TYPE
            assertRefused(port, frame(4, 1, 10), 2);                // shorter than a header: MALFORMED_FRAME
            try (Socket s = new Socket("127.0.0.1", port)) {        // truncated, then the peer vanishes
                s.getOutputStream().write(new byte[] {50, 0, 0, 0, 1, 10});
            }

            c.startWorkers(1, List.of("--job", "sum", "--size", "100000", "--clocks", "10"));
            assertThat(c.awaitWorkers(Duration.ofMinutes(2))).as("worker exit code, logs in %s", c.logDir()).isZero();
            assertThat(Clusters.log(c, "worker-0")).contains("SUM_CHECK_PASSED");
            assertThat(Clusters.log(c, "server-0")).contains("closing connection with");
        }
    }

    /** A frame header (plus zeroed body bytes when the length asks for them) with the given length, version, type. */
    private static byte[] frame(int length, int version, int type) {
        int body = Math.max(0, Math.min(length - 20, 64));
        ByteBuffer b = ByteBuffer.allocate(24 + body).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).put((byte) version).put((byte) type).putShort((short) 0).putLong(77L).putInt(1).putInt(0);
        return b.array();
    }

    /** Sends {@code bytes}; expects an error frame (with {@code code}, unless -1) and then end of stream. */
    private static void assertRefused(int port, byte[] bytes, int code) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[24];
            in.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int length = h.getInt(0);
            int flags = h.getShort(6) & 0xFFFF;
            assertThat(flags & 2).as("error flag").isEqualTo(2);
            byte[] body = new byte[length - 20];
            in.readFully(body);
            int got = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF;
            if (code >= 0) {
                assertThat(got).as("error code").isEqualTo(code);
            }
            assertThat(drain(in)).as("connection closed after the error").isTrue();
        }
    }

    private static boolean drain(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return true;
            }
        }
    }

    private static int serverPort(LocalCluster c, String node) {
        // where it listens, as it reported in its status file
        return c.status(node).orElseThrow().port();
    }
}
