package dev.shoal.cli.node;

import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.table.Consistency;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig config = config();
        try (Coordinator c = Coordinator.start(config)) {
            LOG.info("coordinator listening on {}:{} (servers {}, workers {}, {})", host, c.port(), servers, workers,
                    config.consistency());
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "coordinator-shutdown"));
            c.awaitTermination();
        }
        return 0;
    }

    /** The flags as a config; a value out of range is a usage error, reported before anything listens. */
    private CoordinatorConfig config() {
        if (servers < 1 || workers < 1) {
            String flag = servers < 1 ? "--servers" : "--workers";
            throw new ParameterException(spec.commandLine(), flag + " must be at least 1, got "
                    + (servers < 1 ? servers : workers) + ": a job needs one server and one worker or more");
        }
        try {
            return new CoordinatorConfig(host, port, servers, workers, Consistency.parse(consistency), partitions,
                    Duration.ofMillis(heartbeatTimeoutMs));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
