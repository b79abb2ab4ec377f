package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsAreDistinctAndBindable() throws IOException {
        int[] ports = Ports.free(8);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
        for (int port : ports) {
            assertThat(port).isBetween(1, 65_535);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }
}
