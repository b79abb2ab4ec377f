package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.server.optim.Optimizers;
import dev.shoal.server.store.SparseAccumulator;
import dev.shoal.server.store.SparseShard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The partitions of a sparse table that this server holds, as primary or backup. Keys and values are copied in
 * bulk from the frame into per-thread scratch arrays; every key of a worker's request is checked to be in a
 * partition this server is primary of before anything is applied (or, under BSP, added to the round's sum: see
 * {@link ChainRounds}). Of what a primary forwards, a backup keeps the rows of the partitions it holds
 * ({@link #applyReplica}).
 */
final class SparseTablePart implements ServerTable {
    private final TableDescriptor d;
    private final int serverId;
    private final int dim;
    private final SparseShard shard;
    /** Null unless the table aggregates (BSP). */
    private final PartChains<RowSums> chains;
    /** Whether this server holds each partition (a replica, primary or not): fixed for the table's life. */
    private final boolean[] held;
    private volatile UnitRoles roles;
    /** Partitions whose rows were lost with every server holding them (set once when rejoining). */
    private volatile boolean[] lost;

    SparseTablePart(TableDescriptor d, int serverId, int firstOpenRound, ClusterView view, RoundServices services) {
        this.d = d;
        this.serverId = serverId;
        this.roles = UnitRoles.of(d, view);
        this.held = new boolean[d.units()];
        this.lost = new boolean[d.units()];
        for (int p = 0; p < held.length; p++) {
            held[p] = view.holds(d, p, serverId);
        }
        this.dim = d.spec().dim();
        this.shard = new SparseShard(dim, Optimizers.create(d.spec().optimizer()), d.spec().initializer(), d.units());
        this.chains = d.consistency().aggregates()
                ? new PartChains<>(d, serverId, firstOpenRound, view, services, p -> held[p], owner -> new RowSums(shard),
                        () -> roles)
                : null;
        if (chains != null) {
            chains.onView(roles);
        }
    }

    /** One round's sum of the rows of one owner's chain, by key, applied row by row in order of first appearance. */
    private static final class RowSums implements RoundSum {
        private final SparseShard shard;
        private final SparseAccumulator sum;

        RowSums(SparseShard shard) {
            this.shard = shard;
            this.sum = new SparseAccumulator(shard.dim());
        }

        void add(long[] keys, int n, float[] g) {
            sum.add(keys, 0, n, g, 0);
        }

        @Override
        public void applyAverage(float scale) {
            sum.applyTo(shard, scale);
        }

        @Override
        public void clear() {
            sum.clear();
        }

        @Override
        public void copyTo(ByteBufAllocator alloc, int tableId, int round, LongSupplier ids, Consumer<ByteBuf> out) {
            sum.copyTo(alloc, ids, tableId, round, out);
        }
    }

    @Override
    public TableDescriptor descriptor() {
        return d;
    }

    @Override
    public void onView(ClusterView view) {
        roles = UnitRoles.of(d, view);
        if (chains != null) {
            chains.onView(roles);
        }
    }

    @Override
    public PartChains<?> chains() {
        return chains;
    }

    /** The chain of the first key of a request (a worker sends one owner's keys per frame); null if none. */
    private ChainRounds<RowSums> chainOf(ByteBuf frame) {
        MessageType type = MessageType.ofId(FrameHeader.typeId(frame));
        boolean values = type != null && type.isPush();
        if (chains == null || SparseFrames.checkRequest(frame, values) != null || SparseFrames.keyCount(frame) <= 0) {
            return null;
        }
        return chains.ofUnit(KeyPartitioner.partitionOf(frame.getLongLE(SparseFrames.keysIndex(frame)), d.units()));
    }

    @Override
    public boolean acceptsRound(ByteBuf frame, int clock) {
        ChainRounds<RowSums> c = chainOf(frame);
        return c == null || c.accepts(clock);
    }

    @Override
    public boolean appliedBefore(ByteBuf frame, int clock) {
        ChainRounds<RowSums> c = chainOf(frame);
        return c == null || c.appliedBefore(clock);
    }

    @Override
    public void applyRoundSum(ByteBuf frame, int epoch) {
        int n = checked(frame, true);
        ChainRounds<RowSums> c = chainOf(frame);
        if (c == null) {
            throw Checks.malformed(d, "a round's sum of no chain held here");
        }
        RowSums sum = c.enterCopy(FrameHeader.clock(frame), epoch);
        if (sum == null) {
            return;
        }
        try {
            RequestScratch scratch = RequestScratch.get();
            long[] keys = scratch.longs(n);
            float[] g = scratch.floats(n * dim);
            Floats.readLongs(frame, SparseFrames.keysIndex(frame), keys, 0, n);
            Checks.readFinite(d, frame, SparseFrames.valuesIndex(frame), g, n * dim);
            for (int i = 0; i < n; i++) {
                if (d.owner(KeyPartitioner.partitionOf(keys[i], d.units())) != c.owner) {
                    throw Checks.malformed(d, "a round's sum mixes the keys of several owners");
                }
            }
            sum.add(keys, n, g);
        } finally {
            c.exitCopy();
        }
    }

    @Override
    public int[] backupsFor(ByteBuf frame) {
        // A worker sends one owner's keys per frame (their partitions share replicas): the first key's backups.
        if (SparseFrames.keyCount(frame) <= 0) {
            return NONE;
        }
        long first = frame.getLongLE(SparseFrames.keysIndex(frame));
        return roles.backups(KeyPartitioner.partitionOf(first, d.units()));
    }

    private static final int[] NONE = new int[0];

    @Override
    public void runLocked(ByteBuf frame, Runnable r) {
        shard.runLocked(r);
    }

    @Override
    public void requirePrimary(ByteBuf frame) {
        readKeys(frame, checked(frame, true), RequestScratch.get());
    }

    @Override
    public void applyReplica(ByteBuf frame, Runnable whileLocked) {
        int n = checked(frame, true);
        RequestScratch scratch = RequestScratch.get();
        long[] keys = scratch.longs(n);
        int[] partitionOf = scratch.ints(n);
        float[] g = scratch.floats(n * dim);
        Floats.readLongs(frame, SparseFrames.keysIndex(frame), keys, 0, n);
        Checks.readFinite(d, frame, SparseFrames.valuesIndex(frame), g, n * dim);
        // Keep the rows of the partitions held here, in order, in place (the primary sent every row it applied).
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int p = KeyPartitioner.partitionOf(keys[i], d.units());
            if (held[p]) {
                keys[kept] = keys[i];
                partitionOf[kept] = p;
                if (kept != i) {
                    System.arraycopy(g, i * dim, g, kept * dim, dim);
                }
                kept++;
            }
        }
        if (kept > 0) {
            shard.push(keys, partitionOf, 0, kept, g, 0, whileLocked);
        } else if (whileLocked != null) {
            whileLocked.run();
        }
    }

    @Override
    public void exportTo(int self, int joiner, ClusterView view, ByteBufAllocator alloc, LongSupplier ids,
                         Supplier<ByteBuf> appliedIds, Consumer<ByteBuf> send) {
        if (chains != null) {
            // A chain at a time, between two of its rounds: its partitions, the ids, then its rounds.
            chains.exportTo(joiner, view, alloc, ids, owner -> exportPartitions(p -> held[p] && d.owner(p) == owner
                    && view.holds(d, p, joiner), alloc, ids, appliedIds, send), send);
            return;
        }
        exportPartitions(p -> held[p] && view.primaryOf(d, p) == self && view.holds(d, p, joiner), alloc, ids,
                appliedIds, send);
    }

    private void exportPartitions(IntPredicate which, ByteBufAllocator alloc, LongSupplier ids,
                                  Supplier<ByteBuf> appliedIds, Consumer<ByteBuf> send) {
        int runRows = Math.max(1, (4 << 20) / StateFrames.sparseRowBytes(dim, 2, true));
        boolean any = false;
        for (int p = 0; p < held.length && !any; p++) {
            any = which.test(p);
        }
        if (any) {
            shard.exportPartitions(which, alloc, ids, d.id(), runRows, appliedIds, send);
        }
    }

    @Override
    public void importState(ByteBuf frame) {
        if (StateFrames.kind(frame) == RoundFrames.KIND_ROUNDS && chains != null) {
            chains.importRounds(frame);
            return;
        }
        if (StateFrames.kind(frame) != StateFrames.KIND_SPARSE_ROWS) {
            throw Checks.malformed(d, "STATE of kind " + StateFrames.kind(frame) + " for a sparse table");
        }
        int partition = frame.getIntLE(FrameHeader.bodyIndex(frame) + 1);
        if (partition < 0 || partition >= held.length || !held[partition]) {
            throw Checks.malformed(d, "STATE rows of partition " + partition + ", which server " + serverId
                    + " does not hold");
        }
        try {
            shard.importRows(frame);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw Checks.malformed(d, "STATE rows of partition " + partition + ": " + e.getMessage());
        }
    }

    @Override
    public void markLost(ClusterView view) {
        boolean[] gone = new boolean[held.length];
        for (int p = 0; p < held.length; p++) {
            gone[p] = held[p] && view.primaryOf(d, p) < 0;
        }
        lost = gone;
    }

    @Override
    public void push(ByteBuf frame, int worker, int clock, Runnable whileLocked) {
        try {
            apply(frame, worker, clock, whileLocked);
        } catch (ShoalException e) {
            ChainRounds<RowSums> c = e.retriable() ? null : chainOf(frame);
            if (c != null) {
                c.refused(clock, worker);
            }
            throw e;
        }
    }

    private void apply(ByteBuf frame, int worker, int clock, Runnable whileLocked) {
        int n = checked(frame, true);
        if (n == 0) {
            return;
        }
        RequestScratch scratch = RequestScratch.get();
        long[] keys = readKeys(frame, n, scratch);
        float[] g = scratch.floats(n * dim);
        Checks.readFinite(d, frame, SparseFrames.valuesIndex(frame), g, n * dim);
        if (chains == null) {
            shard.push(keys, scratch.ints(n), 0, n, g, 0, whileLocked);
            return;
        }
        int[] partitionOf = scratch.ints(n);
        int owner = d.owner(partitionOf[0]);
        for (int i = 1; i < n; i++) {
            if (d.owner(partitionOf[i]) != owner) {
                throw new ShoalException(ErrorCode.SHAPE_MISMATCH, "push to " + d.spec() + " carries keys of the "
                        + "partitions of servers " + owner + " and " + d.owner(partitionOf[i]) + "; under BSP a "
                        + "request carries the keys of one owner (the client cuts them so)");
            }
        }
        ChainRounds<RowSums> chain = chains.ofUnit(partitionOf[0]);
        RowSums sum = chain.enter(clock, worker, FrameHeader.requestId(frame));
        try {
            if (sum != null) {              // null: a resend of a push summed or applied already
                sum.add(keys, n, g);
            }
            if (whileLocked != null) {
                whileLocked.run();
            }
        } finally {
            chain.exit(clock);
        }
    }

    @Override
    public ByteBuf pull(ByteBufAllocator alloc, ByteBuf frame, int minClock) {
        boolean pushPull = FrameHeader.typeId(frame) == MessageType.PUSH_PULL_SPARSE.id;
        int n = checked(frame, pushPull);
        RequestScratch scratch = RequestScratch.get();
        long[] keys = readKeys(frame, n, scratch);
        float[] rows = scratch.floats(n * dim);
        shard.pull(keys, scratch.ints(n), 0, n, rows, 0);
        ByteBuf reply = SparseFrames.allocateResponse(alloc, frame, FrameHeader.clock(frame), minClock, n, dim);
        Floats.write(reply, rows, 0, n * dim);
        return FrameHeader.finish(reply);
    }

    private int checked(ByteBuf frame, boolean carriesValues) {
        String bad = SparseFrames.checkRequest(frame, carriesValues);
        if (bad != null) {
            throw Checks.malformed(d, bad);
        }
        int rowDim = SparseFrames.dim(frame);
        if (rowDim != dim) {
            throw new ShoalException(ErrorCode.SHAPE_MISMATCH, "request for " + d.spec() + " has rows of " + rowDim
                    + " floats; the table's rows have " + dim);
        }
        int n = SparseFrames.keyCount(frame);
        if (n > SparseFrames.MAX_KEYS_PER_FRAME) {
            throw new ShoalException(ErrorCode.TOO_MANY_KEYS, "request for " + d.spec() + " carries " + n
                    + " keys; at most " + SparseFrames.MAX_KEYS_PER_FRAME + " per request");
        }
        return n;
    }

    /**
     * Copies the frame's keys into {@code scratch.longs(n)} and their partitions into {@code scratch.ints(n)}
     * (handed on to the shard, which then hashes no key again), refusing a key of a partition this server is not
     * primary of.
     */
    private long[] readKeys(ByteBuf frame, int n, RequestScratch scratch) {
        long[] keys = scratch.longs(n);
        int[] partitionOf = scratch.ints(n);
        Floats.readLongs(frame, SparseFrames.keysIndex(frame), keys, 0, n);
        int partitions = d.units();
        UnitRoles now = roles;
        for (int i = 0; i < n; i++) {
            int p = KeyPartitioner.partitionOf(keys[i], partitions);
            partitionOf[i] = p;
            if (lost[p]) {
                throw new ShoalException(ErrorCode.UNAVAILABLE, "key " + keys[i] + " of " + d.spec() + " is in "
                        + "partition " + p + ", lost: every server holding it died before server " + serverId
                        + " rejoined (no checkpoint to restore yet)");
            }
            if (now.primary(p) != serverId) {
                throw new ShoalException(ErrorCode.NOT_OWNER, "key " + keys[i] + " of " + d.spec() + " is in partition "
                        + p + ", answered by " + (now.primary(p) < 0 ? "no server (no replica in service)"
                        : "server " + now.primary(p)) + ", not by server " + serverId);
            }
        }
        return keys;
    }

    @Override
    public long bytes() {
        return shard.bytes();
    }
}
