package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;

/**
 * This server's parts of the job's tables, by table id (the coordinator's {@code TableCatalog} holds the layouts;
 * this holds the parameters).
 *
 * <pre>{@code
 * TablePartRegistry parts = new TablePartRegistry(services);
 * parts.onView(view);                   // first, and at every view: primaries may move
 * parts.install(descriptor, serverId);
 * ServerTable t = parts.get(tableId);     // ShoalException UNKNOWN_TABLE if absent
 * }</pre>
 */
public final class TablePartRegistry {
    private volatile Int2ObjectOpenHashMap<ServerTable> tables = new Int2ObjectOpenHashMap<>();
    private final RoundServices services;
    /** The slowest live worker's clock: a BSP table installed now starts its rounds here. Guarded by this. */
    private int firstOpenRound;
    /** The live workers at the last move of the gate. Guarded by this. */
    private BitSet live = new BitSet();
    /** The latest view, which a table installed now is laid out with. Guarded by this. */
    private ClusterView view;

    /** Parts whose BSP rounds are copied to no one (a server without replica links: tests). */
    public TablePartRegistry() {
        this(RoundServices.NONE);
    }

    /** Parts whose BSP rounds are copied, committed and forgotten with {@code services}. */
    public TablePartRegistry(RoundServices services) {
        this.services = services;
    }

    /**
     * Installs a table, holding the units this server is a replica of in the latest view's job; installing the same
     * descriptor again is a no-op (the coordinator may retry). CLUSTER_NOT_READY before the first view.
     */
    public synchronized ServerTable install(TableDescriptor d, int serverId) {
        if (view == null) {
            throw new ShoalException(ErrorCode.CLUSTER_NOT_READY, "server " + serverId + " has not received the "
                    + "cluster view yet");
        }
        ServerTable existing = tables.get(d.id());
        if (existing != null) {
            if (!existing.descriptor().equals(d)) {
                throw new ShoalException(ErrorCode.TABLE_CONFLICT, "table id " + d.id() + " is already "
                        + existing.descriptor() + "; refusing " + d);
            }
            return existing;
        }
        MemoryBudget.require(d, serverId, view);
        ServerTable t = ServerTable.create(d, serverId, firstOpenRound, view, services);
        t.gateMoved(firstOpenRound, live);
        Int2ObjectOpenHashMap<ServerTable> next = new Int2ObjectOpenHashMap<>(tables);
        next.put(d.id(), t);
        tables = next;
        return t;
    }

    /** The table with this id; copy-on-write map, so readers take no lock. */
    public ServerTable get(int id) {
        ServerTable t = tables.get(id);
        if (t == null) {
            throw new ShoalException(ErrorCode.UNKNOWN_TABLE, "no table with id " + id + " on this server (tables: "
                    + tables.keySet() + ")");
        }
        return t;
    }

    /**
     * Every live worker ({@code live}) has reached clock {@code min}: every BSP table closes the rounds that may
     * close. Synchronized with {@link #install}, so a table installed meanwhile either takes part in those rounds
     * or starts after them.
     */
    public synchronized void gateMoved(int min, BitSet live) {
        this.live = (BitSet) live.clone();
        for (ServerTable t : tables.values()) {
            t.gateMoved(min, live);
        }
        firstOpenRound = Math.max(firstOpenRound, min);
    }

    /**
     * The lowest round not yet held by every replica, over the BSP chains this server is primary of
     * ({@link Integer#MAX_VALUE} when there is none): a worker's CLOCK to {@code n} is answered once it is at least
     * {@code n - 1}.
     */
    public int committedFloor() {
        int floor = Integer.MAX_VALUE;
        for (ServerTable t : tables.values()) {
            if (t.descriptor().replicas() > 1) {
                floor = Math.min(floor, t.committedFloor());
            }
        }
        return floor;
    }

    /**
     * A new view: every part recomputes which of its units this server is primary of. Synchronized with
     * {@link #install}, so a table installed meanwhile is made with this view or sees it here.
     */
    public synchronized void onView(ClusterView v) {
        view = v;
        for (ServerTable t : tables.values()) {
            t.onView(v);
        }
    }

    /**
     * This server is rejoining: units held here of which no replica is in service in {@code v} are marked lost
     * ({@link ServerTable#markLost}).
     */
    public synchronized void markLost(ClusterView v) {
        for (ServerTable t : tables.values()) {
            t.markLost(v);
        }
    }

    /** The table with this id, or null when it is not installed here. */
    public ServerTable find(int id) {
        return tables.get(id);
    }

    /** The parts held now, in no particular order. */
    public Collection<ServerTable> parts() {
        return Collections.unmodifiableCollection(tables.values());
    }

    public long bytes() {
        long b = 0;
        for (ServerTable t : tables.values()) {
            b += t.bytes();
        }
        return b;
    }
}
