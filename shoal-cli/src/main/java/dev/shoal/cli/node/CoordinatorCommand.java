package dev.shoal.cli.node;

import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.transport.json.Json;
import dev.shoal.transport.metrics.MetricsEndpoint;
import dev.shoal.transport.metrics.NodeMetrics;
import dev.shoal.transport.status.NodeStatusFile;
import dev.shoal.transport.time.NodeClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal coordinator}: the rendezvous of a job.
 *
 * <pre>{@code
 * shoal coordinator --port 7100 --servers 2 --workers 4 --consistency ssp:3 --metrics-port 9100
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

    @Option(names = "--heartbeat-timeout-ms", description = "A node silent this long is dead (default: "
            + "${DEFAULT-VALUE}).")
    long heartbeatTimeoutMs = CoordinatorConfig.DEFAULT_HEARTBEAT_TIMEOUT.toMillis();

    @Option(names = "--replication", paramLabel = "K", description = "Servers holding each slice and partition of "
            + "a table, 1 or 2: with 2 the job survives a lost server (default: 2 when there are 2 servers or more, "
            + "else 1).")
    int replication = 0;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics on http://HOST:PORT/metrics and the "
            + "coordinator's health on /health (503 once a server is lost); 0 picks a free port, -1 for none "
            + "(default: ${DEFAULT-VALUE}).")
    int metricsPort = -1;

    @Mixin
    StatusFileOption statusFile = new StatusFileOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig config = config();
        NodeStatusFile status = statusFile.open("coordinator");
        NodeMetrics metrics = metricsPort >= 0 ? NodeMetrics.create("coordinator") : null;
        try (metrics;
             Coordinator c = metrics == null ? Coordinator.start(config)
                     : Coordinator.start(config, NodeClock.system(), metrics.registry());
             MetricsEndpoint endpoint = metrics == null ? null
                     : MetricsEndpoint.builder(metrics).health(c::health).start(host, metricsPort)) {
            LOG.info("coordinator listening on {}:{} (servers {}, workers {}, {})", host, c.port(), servers, workers,
                    config.consistency());
            if (endpoint != null) {
                LOG.info("metrics on {}", endpoint.url());
            }
            String metricsUrl = endpoint == null ? null : endpoint.url();
            status.update(s -> s.ready(host + ":" + c.port(), metricsUrl));
            c.watchViews(v -> status.update(s -> s.withCluster(Json.MAPPER.valueToTree(Map.of(
                    "epoch", v.epoch(), "layoutEpoch", v.layoutEpoch(), "inService", v.inService(),
                    "joining", v.joining(), "liveWorkers", v.liveWorkers())))));
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "coordinator-shutdown"));
            c.awaitTermination();
        } catch (RuntimeException e) {
            status.update(s -> s.failed(StatusFileOption.oneLine(e)));
            throw e;
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
                    Duration.ofMillis(heartbeatTimeoutMs), replication);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
