package dev.shoal.server.metrics;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a server counts: requests and value bytes by kind, refusals by error code, how stale the values it serves
 * are, and how many connections wait at the consistency gate. Meters are created once, so counting a request is a
 * few atomic adds and allocates nothing.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * ServerMetrics metrics = new ServerMetrics(registry);
 * metrics.pushed(4 << 20);
 * }</pre>
 *
 * <p>Names (Prometheus form): {@code shoal_server_pushes_total}, {@code shoal_server_pulls_total},
 * {@code shoal_server_push_bytes_total}, {@code shoal_server_pull_bytes_total},
 * {@code shoal_server_refused_total{code}}, {@code shoal_server_parked_connections},
 * {@code shoal_server_min_clock}, {@code shoal_server_table_bytes}, and the staleness of every pull served (its
 * clock minus the slowest live worker's, 0 when not behind) as a histogram with one bucket per whole clock
 * 0..{@value #MAX_STALENESS_BUCKET}: {@code shoal_server_staleness_clocks_bucket{le="0.5"}} (not stale),
 * {@code {le="1.0"}} .. {@code {le="32.0"}}, {@code {le="+Inf"}} (cumulative, as Prometheus histograms are),
 * {@code shoal_server_staleness_clocks_count}, {@code _sum} and {@code shoal_server_staleness_clocks_max}.
 *
 * <p>The same figures, and requests and bytes by message type and table, come as data from {@link #stats}: what
 * {@code GET /stats} answers ({@link ServerStats}).
 */
public final class ServerMetrics {
    /** The largest staleness with its own histogram bucket. */
    public static final int MAX_STALENESS_BUCKET = 32;
    private final MeterRegistry registry;
    private final Counter pushes;
    private final Counter pulls;
    private final Counter pushBytes;
    private final Counter pullBytes;
    private final DistributionSummary staleness;
    private final EnumMap<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);
    private final RequestTraffic traffic = new RequestTraffic();
    private final ServedStaleness served = new ServedStaleness();

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        pushes = Counter.builder("shoal.server.pushes").description("push requests applied or summed")
                .register(registry);
        pulls = Counter.builder("shoal.server.pulls").description("pull requests served").register(registry);
        pushBytes = Counter.builder("shoal.server.push.bytes").baseUnit("bytes")
                .description("bytes of push request bodies (keys and values)").register(registry);
        pullBytes = Counter.builder("shoal.server.pull.bytes").baseUnit("bytes")
                .description("bytes of pull reply bodies").register(registry);
        staleness = DistributionSummary.builder("shoal.server.staleness").baseUnit("clocks")
                .description("a pull's clock minus the slowest live worker's clock when served")
                .serviceLevelObjectives(stalenessBuckets()).register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            refused.put(code, Counter.builder("shoal.server.refused").tag("code", code.name())
                    .description("requests refused, by error code").register(registry));
        }
    }

    /**
     * One bucket per whole clock up to {@value #MAX_STALENESS_BUCKET}, so the scrape holds the exact distribution:
     * staleness is an integer, so bucket {@code le=k} minus bucket {@code le=k-1} counts the pulls served k clocks
     * stale. The first bound is 0.5, not 0, because Micrometer accepts only positive bounds; it holds exactly the
     * pulls served fresh. SSP bounds are far below 32; an ASP pull staler than that lands in {@code +Inf} only.
     */
    private static double[] stalenessBuckets() {
        double[] b = new double[MAX_STALENESS_BUCKET + 1];
        b[0] = 0.5;
        for (int k = 1; k <= MAX_STALENESS_BUCKET; k++) {
            b[k] = k;
        }
        return b;
    }

    /** Metrics kept in memory only, for a server started without a metrics endpoint. */
    public static ServerMetrics inMemory() {
        return new ServerMetrics(new SimpleMeterRegistry());
    }

    public void pushed(long valueBytes) {
        pushes.increment();
        pushBytes.increment(valueBytes);
    }

    public void pulled(long valueBytes, int clock, int minClock) {
        pulls.increment();
        pullBytes.increment(valueBytes);
        long stale = Math.max(0, (long) clock - minClock);
        staleness.record(stale);
        served.record(stale);
    }

    /** Table {@code id} is held here: its requests are counted and timed under {@code name} from now on. */
    public void tableInstalled(int id, String name) {
        traffic.tableInstalled(id, name, () -> new Timer[] {requestTimer("push", name), requestTimer("pull", name),
            requestTimer("push-pull", name)});
    }

    private Timer requestTimer(String op, String table) {
        return Timer.builder("shoal.server.requests").tag("op", op).tag("table", table)
                .description("a request's service time: from the gate letting it through to its reply being written")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
    }

    /**
     * One request served: {@code bytesIn} of its frame, {@code bytesOut} of the reply, both header included, and,
     * for a push or pull of a table held here, its service time {@code nanos} by op and table.
     */
    public void served(MessageType type, int tableId, long bytesIn, long bytesOut, long nanos) {
        traffic.answered(type, tableId, bytesIn, bytesOut, nanos);
    }

    /** One request answered but not timed (a refusal): {@code bytesIn} of its frame, {@code bytesOut} of the answer. */
    public void answered(MessageType type, int tableId, long bytesIn, long bytesOut) {
        traffic.answered(type, tableId, bytesIn, bytesOut, RequestTraffic.NOT_TIMED);
    }

    public void refused(ErrorCode code) {
        refused.get(code).increment();
    }

    /** Registers gauges read on scrape: connections parked at the gate, slowest live clock, bytes held. */
    public void watch(Supplier<Number> parkedConnections, Supplier<Number> minClock, Supplier<Number> tableBytes) {
        Gauge.builder("shoal.server.parked.connections", parkedConnections)
                .description("connections whose next request waits at the consistency gate").register(registry);
        Gauge.builder("shoal.server.min.clock", minClock)
                .description("the slowest live worker's clock as this server sees it").register(registry);
        Gauge.builder("shoal.server.table.bytes", tableBytes).baseUnit("bytes")
                .description("parameters and optimizer state held").register(registry);
    }

    /**
     * The figures as data, with what the caller knows and this class does not: the node id, the slowest live
     * clock (null before the first view), parked connections and bytes held per table.
     */
    public ServerStats stats(int nodeId, Integer minClock, int parkedConnections, List<ServerStats.TableBytes> tables) {
        Map<String, Long> refusals = new TreeMap<>();
        refused.forEach((code, counter) -> {
            long n = (long) counter.count();
            if (n > 0) {
                refusals.put(code.name(), n);
            }
        });
        return new ServerStats(ServerStats.SCHEMA, nodeId, minClock, parkedConnections, traffic.snapshot(), refusals,
                served.snapshot(), tables);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
