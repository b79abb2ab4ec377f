package dev.shoal.transport.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * The one metrics registry of a node process (coordinator, server or worker): every meter carries the tag
 * {@code role}, and the JVM and process are measured from the start (memory, GC, threads, classes, CPU, uptime,
 * open files).
 *
 * <pre>{@code
 * try (NodeMetrics metrics = NodeMetrics.create("worker");
 *      MetricsEndpoint endpoint = MetricsEndpoint.builder(metrics).start("0.0.0.0", 9102)) {
 *     ShoalClient ps = ShoalClient.connect(config, metrics.registry());
 *     metrics.identify(ps.workerId());         // shoal_node_info{role="worker",node="3"} 1
 *     ...
 * }
 * }</pre>
 *
 * <p>A node learns its id only when it joins, after its meters exist, and Micrometer applies a common tag only to
 * meters registered after it. So the id is not a tag of every meter but is published the way Prometheus attaches
 * identity to a target: an info gauge, {@code shoal_node_info{role, node} 1}, to join on (and {@code /health}
 * names it). The scrape target itself tells the nodes apart.
 */
public final class NodeMetrics implements AutoCloseable {
    private final String role;
    private final PrometheusMeterRegistry registry;
    /** The only binder that holds a resource: it listens to GC notifications until closed. */
    private final JvmGcMetrics gc;
    private volatile String nodeId;

    private NodeMetrics(String role, PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.role = role;
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry tagged {@code role=<role>} (e.g. {@code coordinator}, {@code server}, {@code worker}). */
    public static NodeMetrics create(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("a node's metrics need its role (coordinator, server or worker)");
        }
        String r = role.toLowerCase(Locale.ROOT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // before any meter: a common tag reaches only meters registered after it
        registry.config().commonTags("role", r);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return new NodeMetrics(r, registry, gc);
    }

    /**
     * Records the id the coordinator gave this node: registers {@code shoal_node_info{node="<id>"} 1}. Call once,
     * after joining.
     */
    public void identify(int id) {
        if (nodeId != null) {
            throw new IllegalStateException(role + " " + nodeId + " was already identified; got id " + id);
        }
        nodeId = Integer.toString(id);
        Gauge.builder("shoal.node.info", () -> 1).tag("node", nodeId)
                .description("this node's id in the job (its role is the role tag); always 1").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code coordinator}, {@code server} or {@code worker}: the value of the {@code role} tag. */
    public String role() {
        return role;
    }

    /** The id given to {@link #identify}, or null before it (and always for the coordinator). */
    public String nodeId() {
        return nodeId;
    }

    /** Stops listening to GC notifications and closes the registry; meters read afterwards are stale. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
