package dev.shoal.server.metrics;

import dev.shoal.protocol.frame.MessageType;
import io.micrometer.core.instrument.Timer;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Requests a server answered and the bytes they carried, by message type and table: what {@code /stats} reports
 * as {@link ServerStats#requests()}; and, for a table's pushes and pulls, their service time on the table's
 * timers. One map lookup per request finds all of a table's cells; counting allocates nothing.
 *
 * <pre>{@code
 * RequestTraffic traffic = new RequestTraffic();
 * traffic.tableInstalled(3, "mlp.l0.w", timers);      // timers by op: push, pull, push-pull
 * traffic.answered(MessageType.PUSH_DENSE, 3, frame.readableBytes(), reply.readableBytes(), serviceNanos);
 * List<ServerStats.Requests> rows = traffic.snapshot();
 * }</pre>
 *
 * <p>Requests for a table this server does not hold, and requests that address no table (CLOCK, ECHO), are
 * counted in a row without a table, so that a client sending made-up table ids cannot grow this without bound.
 */
final class RequestTraffic {
    private static final MessageType[] TYPES = MessageType.values();
    private static final EnumSet<MessageType> ADDRESS_A_TABLE = EnumSet.of(MessageType.INSTALL_TABLE,
            MessageType.PUSH_DENSE, MessageType.PULL_DENSE, MessageType.PUSH_PULL_DENSE, MessageType.PUSH_SPARSE,
            MessageType.PULL_SPARSE, MessageType.PUSH_PULL_SPARSE);
    /** Pass as the service time of an answer that is not timed (a refusal). */
    static final long NOT_TIMED = -1;
    private final Counters untabled = new Counters(null, null, null);
    /** Copy-on-write: tables are installed rarely, counted on every request. */
    private volatile Int2ObjectOpenHashMap<Counters> byTable = new Int2ObjectOpenHashMap<>();

    /**
     * One table's (or the untabled) counters, one cell per message type, and the table's service-time timers by
     * op (push, pull, push-pull; null for the untabled).
     */
    private record Counters(Integer tableId, String table, LongAdder[] requests, LongAdder[] bytesIn,
                            LongAdder[] bytesOut, Timer[] serviceTime) {
        Counters(Integer tableId, String table, Timer[] serviceTime) {
            this(tableId, table, adders(), adders(), adders(), serviceTime);
        }

        private static LongAdder[] adders() {
            LongAdder[] a = new LongAdder[TYPES.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }
    }

    /**
     * From now on, requests for table {@code id} are counted under its name, and its pushes and pulls timed on
     * {@code serviceTime} (by op: push, pull, push-pull), made by the caller only when the table is new here.
     */
    synchronized void tableInstalled(int id, String name, Supplier<Timer[]> serviceTime) {
        if (byTable.containsKey(id)) {
            return;
        }
        Int2ObjectOpenHashMap<Counters> next = new Int2ObjectOpenHashMap<>(byTable);
        next.put(id, new Counters(id, name, serviceTime.get()));
        byTable = next;
    }

    /**
     * Counts one answered request: the whole request frame in, the whole reply (or error) frame out; a push or
     * pull of a table held here also records its {@code serviceNanos}, unless it is {@link #NOT_TIMED}.
     */
    void answered(MessageType type, int tableId, long bytesIn, long bytesOut, long serviceNanos) {
        Counters c = ADDRESS_A_TABLE.contains(type) ? byTable.get(tableId) : null;
        if (c == null) {
            c = untabled;
        }
        int t = type.ordinal();
        c.requests[t].increment();
        c.bytesIn[t].add(bytesIn);
        c.bytesOut[t].add(bytesOut);
        int op = opOf(type);
        if (c.serviceTime != null && op >= 0 && serviceNanos != NOT_TIMED) {
            c.serviceTime[op].record(serviceNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The index of a request's timer: push, pull, push-pull; -1 for requests that are not timed. */
    private static int opOf(MessageType type) {
        return switch (type) {
            case PUSH_DENSE, PUSH_SPARSE -> 0;
            case PULL_DENSE, PULL_SPARSE -> 1;
            case PUSH_PULL_DENSE, PUSH_PULL_SPARSE -> 2;
            default -> -1;
        };
    }

    /** One row per (type, table) that saw a request, tables in id order, the untabled rows last. */
    List<ServerStats.Requests> snapshot() {
        List<ServerStats.Requests> rows = new ArrayList<>();
        Int2ObjectOpenHashMap<Counters> tables = byTable;
        tables.keySet().intStream().sorted().forEach(id -> addRows(rows, tables.get(id)));
        addRows(rows, untabled);
        return rows;
    }

    private static void addRows(List<ServerStats.Requests> rows, Counters c) {
        for (MessageType type : TYPES) {
            long n = c.requests[type.ordinal()].sum();
            if (n > 0) {
                rows.add(new ServerStats.Requests(type.name(), c.tableId, c.table, n,
                        c.bytesIn[type.ordinal()].sum(), c.bytesOut[type.ordinal()].sum()));
            }
        }
    }
}
