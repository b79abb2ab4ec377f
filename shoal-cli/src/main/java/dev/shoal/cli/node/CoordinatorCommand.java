package dev.shoal.cli.node;

import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.status.NodeStatusFile;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shoal coordinator}: the rendezvous of a job.
 *
 * <pre>{@code
 * shoal coordinator --port 7100 --servers 2 --workers 4 --consistency ssp:3
 * }</pre>
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Runs the coordinator: nodes register with it, it assigns ids and key ranges, publishes the "
                + "partition map and tracks liveness.",
        footer = {"", "Example:", "  shoal coordinator --port 7100 --servers 2 --workers 4 --consistency ssp:3"})
public final class CoordinatorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCommand.class);

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = CoordinatorConfig.DEFAULT_PORT;

    @Option(names = "--servers", required = true, description = "Number of servers the job waits for.")
    int servers;

    @Option(names = "--workers", required = true, description = "Number of workers the job waits for.")
    int workers;

    @Option(names = "--consistency", description = "bsp, asp or ssp:N (default: ${DEFAULT-VALUE}).")
    String consistency = "bsp";

    @Option(names = "--partitions", description = "Virtual partitions of sparse keys (default: ${DEFAULT-VALUE}).")
    int partitions = CoordinatorConfig.DEFAULT_PARTITIONS;

    @Option(names = "--heartbeat-timeout-ms", description = "A worker silent this long is dead (default: "
            + "${DEFAULT-VALUE}).")
    long heartbeatTimeoutMs = CoordinatorConfig.DEFAULT_HEARTBEAT_TIMEOUT.toMillis();

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    @Override
    public Integer call() throws Exception {
        NodeStatusFile status = statusFile.open("coordinator");
        try {
            CoordinatorConfig config = new CoordinatorConfig(host, port, servers, workers,
                    Consistency.parse(consistency), partitions, Duration.ofMillis(heartbeatTimeoutMs));
            try (Coordinator c = Coordinator.start(config)) {
                LOG.info("coordinator listening on {}:{} (servers {}, workers {}, {})", host, c.port(), servers,
                        workers, config.consistency());
                status.update(s -> s.ready(host + ":" + c.port(), null));
                Runtime.getRuntime().addShutdownHook(new Thread(c::close, "coordinator-shutdown"));
                c.awaitTermination();
            }
        } catch (RuntimeException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
        }
        return 0;
    }
}
