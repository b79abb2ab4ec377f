package dev.shoal.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks loopback ports that are free right now.
 *
 * <pre>{@code
 * int[] ports = Ports.free(3);   // three distinct ports
 * }</pre>
 *
 * <p>Another process may take a port between this call and the node binding it; a node that fails to bind
 * exits with an error, which {@link LocalCluster} reports with the node's log.
 */
final class Ports {

    private Ports() {
    }

    static int[] free(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            // Holding every socket open until all are bound is what makes the ports distinct.
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find " + count + " free loopback ports", e);
        } finally {
            sockets.forEach(Ports::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing was ever accepted on it; a failed close cannot leak a connection.
        }
    }
}
