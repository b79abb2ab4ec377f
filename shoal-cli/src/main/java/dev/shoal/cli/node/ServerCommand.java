package dev.shoal.cli.node;

import dev.shoal.server.node.ServerConfig;
import dev.shoal.server.node.ServerNode;
import dev.shoal.transport.status.NodeStatusFile;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shoal server}: holds a share of every table and applies updates.
 *
 * <pre>{@code
 * shoal server --coordinator 10.0.0.1:7100 --host 0.0.0.0 --advertise 10.0.0.2 --port 7101
 * }</pre>
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs a parameter server: joins the job through the coordinator and serves pushes and pulls.",
        footer = {"", "Example:", "  shoal server --coordinator 127.0.0.1:7100 --port 7101 --metrics-port 9101"})
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT", converter = Endpoint.Converter.class,
            description = "The coordinator's host:port.")
    Endpoint coordinator;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--advertise", description = "Address workers use to reach this server (default: --host, or, "
            + "with --host 0.0.0.0, the address of the interface this server reaches the coordinator through).")
    String advertise;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics on http://HOST:PORT/metrics; 0 picks a "
            + "free port, -1 for none (default: ${DEFAULT-VALUE}). Once joined the server reports the URL in its "
            + "--status-file and logs 'metrics on http://HOST:PORT/metrics' (HOST is the advertised address when "
            + "listening on 0.0.0.0).")
    int metricsPort = -1;

    @Option(names = "--join-timeout-s", description = "How long to try reaching the coordinator (default: "
            + "${DEFAULT-VALUE}).")
    long joinTimeoutSeconds = 60;

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    /**
     * Runs one server until it is closed (returns null) or declared dead by the coordinator (returns the
     * coordinator's words).
     */
    private static String runOnce(ServerConfig config, NodeStatusFile status, AtomicReference<ServerNode> current)
            throws InterruptedException {
        try (ServerNode node = ServerNode.start(config)) {
            current.set(node);
            String metrics = node.metricsPort() < 0 ? null
                    : ServerNode.metricsUrl(config.bindHost(), node.advertisedHost(), node.metricsPort());
            status.update(s -> s.ready(node.advertisedHost() + ":" + node.port(), metrics).withNodeId(node.id()));
            String[] expelled = new String[1];
            node.expelled().thenAccept(why -> {
                expelled[0] = why;
                // Not on the network thread that learnt it: closing stops that thread's event loop.
                Thread.ofPlatform().name("server-expelled").start(node::close);
            });
            node.awaitTermination();
            return expelled[0];
        }
    }

    @Override
    public Integer call() throws Exception {
        NodeStatusFile status = statusFile.open("server");
        try {
            Endpoint c = coordinator;
            ServerConfig config = ServerConfig.of(c.host(), c.port()).withBindHost(host).withPort(port)
                    .withAdvertiseHost(advertise).withJoinTimeout(Duration.ofSeconds(joinTimeoutSeconds))
                    .withMetricsPort(metricsPort);
            AtomicReference<ServerNode> current = new AtomicReference<>();
            AtomicBoolean stopping = new AtomicBoolean();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping.set(true);
                ServerNode n = current.get();
                if (n != null) {
                    n.close();
                }
            }, "server-shutdown"));
            // Declared dead (paused or cut off past the heartbeat timeout): its ranges live on elsewhere, and nothing
            // it holds may be served any more. It drops everything and registers again, rejoining the job as a
            // fresh replica that catches up from the primaries.
            while (!stopping.get()) {
                String why = runOnce(config, status, current);
                if (why == null) {
                    break;
                }
                LOG.warn("the coordinator declared this server dead ({}); registering again to rejoin", why);
            }
        } catch (RuntimeException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
        }
        return 0;
    }
}
