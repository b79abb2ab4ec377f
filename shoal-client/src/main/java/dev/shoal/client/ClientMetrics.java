package dev.shoal.client;

import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.table.TableDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a worker counts, when connected with a registry: each request's round trip by operation and table (a
 * Prometheus histogram), the bytes it pushed and pulled by table, requests that failed, its clock, and the
 * training loop's step time.
 *
 * <pre>{@code
 * ShoalClient ps = ShoalClient.connect(config, registry);     // without a registry, nothing is counted
 * long t0 = System.nanoTime();
 * model.step(batch);
 * ps.metrics().step(System.nanoTime() - t0);
 * }</pre>
 *
 * <p>A request is one call of the table API ({@code push}, {@code pull}, {@code pushPull}) or {@code clock}, timed
 * from the call until the last server's answer is in: all its pieces to all servers, encoding included, and, as
 * for {@link RequestLatencies}, a wait at the servers' consistency gate. {@code RequestLatencies} has the
 * per-server round trips behind it. Bytes are values (and sparse keys) sent as gradients, and values received.
 *
 * <p>Names (Prometheus form): {@code shoal_worker_requests_seconds_bucket{op, table, le}} (and {@code _count},
 * {@code _sum}, {@code _max}), op {@code push}, {@code pull}, {@code push-pull} or {@code clock} (whose table is
 * {@code ""}: a clock ends the iteration on every table), {@code shoal_worker_failed_requests_total{op, table}},
 * {@code shoal_worker_pushed_bytes_total{table}}, {@code shoal_worker_pulled_bytes_total{table}},
 * {@code shoal_worker_clock} and {@code shoal_worker_step_seconds_bucket{le}}. Meters are made when a table is
 * opened, so recording a request looks nothing up; it costs a completion stage on the request's future.
 */
public final class ClientMetrics {
    /** Counts nothing: a client connected without a registry. */
    static final ClientMetrics NONE = new ClientMetrics(null);
    private static final Duration FASTEST_REQUEST = Duration.ofNanos(10_000);
    private static final Duration SLOWEST_REQUEST = Duration.ofSeconds(30);
    private final MeterRegistry registry;
    private final RequestMeters clock;
    private final Timer step;

    /** What a request does, as the {@code op} tag says it. */
    public enum Op {
        PUSH("push"), PULL("pull"), PUSH_PULL("push-pull"), CLOCK("clock");

        public final String tag;

        Op(String tag) {
            this.tag = tag;
        }

        static Op of(MessageType type) {
            return switch (type) {
                case PUSH_DENSE, PUSH_SPARSE -> PUSH;
                case PULL_DENSE, PULL_SPARSE -> PULL;
                case PUSH_PULL_DENSE, PUSH_PULL_SPARSE -> PUSH_PULL;
                case CLOCK -> CLOCK;
                default -> throw new IllegalArgumentException(type + " is not a worker's request to a server");
            };
        }
    }

    private ClientMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.clock = registry == null ? null : new RequestMeters(registry, Op.CLOCK, "");
        this.step = registry == null ? null : Timer.builder("shoal.worker.step")
                .description("one training step: pulls, compute, pushes and the clock")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
    }

    /** Meters in {@code registry}; null means none. */
    static ClientMetrics of(MeterRegistry registry) {
        return registry == null ? NONE : new ClientMetrics(registry);
    }

    /** Records one training step's duration; does nothing without a registry. */
    public void step(long nanos) {
        if (step != null) {
            step.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Publishes the client's clock as {@code shoal_worker_clock}. */
    void watch(ShoalClient client) {
        if (registry != null) {
            Gauge.builder("shoal.worker.clock", client, ShoalClient::currentClock)
                    .description("iterations this worker has finished").register(registry);
        }
    }

    /** The meters of one table's requests. */
    TableMeters table(TableDescriptor d) {
        return registry == null ? TableMeters.NONE : new TableMeters(registry, d);
    }

    /** Times a clock that started at {@code startNanos}; returns {@code f} itself without a registry. */
    CompletableFuture<Void> timeClock(long startNanos, CompletableFuture<Void> f) {
        return clock == null ? f : clock.time(startNanos, 0, 0, f);
    }

    /** One table's meters: a {@link RequestMeters} per operation, sharing its byte counters. */
    static final class TableMeters {
        static final TableMeters NONE = new TableMeters();
        private final Map<Op, RequestMeters> byOp;
        /** Bytes per element sent as a gradient: a float, plus its key for a sparse row. */
        private final long pushBytesPerElement;
        private final long pullBytesPerElement;

        private TableMeters() {
            byOp = null;
            pushBytesPerElement = 0;
            pullBytesPerElement = 0;
        }

        private TableMeters(MeterRegistry registry, TableDescriptor d) {
            String table = d.name();
            Counter pushed = Counter.builder("shoal.worker.pushed").baseUnit("bytes").tag("table", table)
                    .description("bytes of gradients (and their sparse keys) pushed").register(registry);
            Counter pulled = Counter.builder("shoal.worker.pulled").baseUnit("bytes").tag("table", table)
                    .description("bytes of values pulled").register(registry);
            byOp = new EnumMap<>(Op.class);
            for (Op op : new Op[] {Op.PUSH, Op.PULL, Op.PUSH_PULL}) {
                byOp.put(op, new RequestMeters(registry, op, table, pushed, pulled));
            }
            int dim = d.spec().isDense() ? 1 : d.spec().dim();
            pushBytesPerElement = d.spec().isDense() ? 4 : 8 + 4L * dim;
            pullBytesPerElement = 4L * dim;
        }

        /**
         * Times a request of {@code type} over {@code elements} (floats of a dense table, keys of a sparse one) that
         * started at {@code startNanos}, once {@code f} completes; returns {@code f} itself without a registry.
         */
        CompletableFuture<Void> time(MessageType type, long startNanos, int elements, CompletableFuture<Void> f) {
            if (byOp == null) {
                return f;
            }
            Op op = Op.of(type);
            long pushed = op == Op.PULL ? 0 : elements * pushBytesPerElement;
            long pulled = op == Op.PUSH ? 0 : elements * pullBytesPerElement;
            return byOp.get(op).time(startNanos, pushed, pulled, f);
        }
    }

    /** The meters of one (operation, table) pair. */
    private static final class RequestMeters {
        private final Timer latency;
        private final Counter failed;
        private final Counter pushed;
        private final Counter pulled;

        RequestMeters(MeterRegistry registry, Op op, String table) {
            this(registry, op, table, null, null);
        }

        RequestMeters(MeterRegistry registry, Op op, String table, Counter pushed, Counter pulled) {
            this.latency = Timer.builder("shoal.worker.requests").tag("op", op.tag).tag("table", table)
                    .description("a request's round trip, from the call until every server answered without error")
                    .publishPercentileHistogram().minimumExpectedValue(FASTEST_REQUEST)
                    .maximumExpectedValue(SLOWEST_REQUEST).register(registry);
            this.failed = Counter.builder("shoal.worker.failed.requests").tag("op", op.tag).tag("table", table)
                    .description("requests that failed (an error answer, a lost connection)").register(registry);
            this.pushed = pushed;
            this.pulled = pulled;
        }

        /** The future the caller gets completes after the recording, so a caller that waited sees it counted. */
        CompletableFuture<Void> time(long startNanos, long pushedBytes, long pulledBytes, CompletableFuture<Void> f) {
            return f.whenComplete((ok, failure) -> record(System.nanoTime() - startNanos, pushedBytes, pulledBytes,
                    failure == null));
        }

        /** One request of this operation on this table: its round trip and the bytes it moved. */
        void record(long nanos, long pushedBytes, long pulledBytes, boolean succeeded) {
            if (!succeeded) {
                failed.increment();
                return;
            }
            latency.record(nanos, TimeUnit.NANOSECONDS);
            if (pushedBytes > 0) {
                pushed.increment(pushedBytes);
            }
            if (pulledBytes > 0) {
                pulled.increment(pulledBytes);
            }
        }
    }
}
