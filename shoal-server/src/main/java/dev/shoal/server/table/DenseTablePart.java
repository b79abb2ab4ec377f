package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
import dev.shoal.server.store.DenseAccumulator;
import dev.shoal.server.store.DenseSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The slices of a dense table that this server holds, as primary or backup. A request addresses one slice (the
 * client cuts requests at slice boundaries) and is answered only by the slice's primary; values are copied once
 * from the frame into a per-thread scratch array, checked, then applied (or, under BSP, added to the round's sum of
 * that slice: see {@link ChainRounds}). A backup applies what the primary forwards ({@link #applyReplica}).
 */
final class DenseTablePart implements ServerTable {
    private final TableDescriptor d;
    private final int serverId;
    private final DenseSlice[] slices;
    /** Null unless the table aggregates (BSP). */
    private final PartChains<SliceSums> chains;
    private volatile UnitRoles roles;
    /** Floats per STATE frame of a slice: 4 MiB of parameters, so a frame stays far below the frame limit. */
    private static final int RUN_FLOATS = 1 << 20;
    /** Slices whose state was lost with every server holding it (set once when rejoining). */
    private volatile boolean[] lost;

    DenseTablePart(TableDescriptor d, int serverId, int firstOpenRound, ClusterView view, RoundServices services) {
        this.d = d;
        this.serverId = serverId;
        this.slices = new DenseSlice[d.units()];
        this.roles = UnitRoles.of(d, view);
        this.lost = new boolean[d.units()];
        for (int s = 0; s < d.units(); s++) {
            if (view.holds(d, s, serverId)) {
                Optimizer opt = Optimizers.create(d.spec().optimizer());
                slices[s] = new DenseSlice(d.sliceStart(s), d.sliceSize(s), opt, d.spec().initializer());
            }
        }
        this.chains = d.consistency().aggregates()
                ? new PartChains<>(d, serverId, firstOpenRound, view, services, s -> slices[s] != null,
                        owner -> new SliceSums(d, slices, owner), () -> roles)
                : null;
        if (chains != null) {
            chains.onView(roles);
        }
    }

    /** One round's sum of the slices of one owner's chain held here: an accumulator per slice, applied in order. */
    private static final class SliceSums implements RoundSum {
        private final DenseSlice[] slices;
        private final DenseAccumulator[] sums;

        SliceSums(TableDescriptor d, DenseSlice[] slices, int owner) {
            this.slices = slices;
            this.sums = new DenseAccumulator[slices.length];
            for (int s = 0; s < slices.length; s++) {
                sums[s] = slices[s] == null || d.owner(s) != owner ? null : new DenseAccumulator(slices[s].length());
            }
        }

        void add(int slice, int at, float[] g, int count) {
            sums[slice].add(at, g, 0, count);
        }

        @Override
        public void applyAverage(float scale) {
            for (int s = 0; s < slices.length; s++) {
                if (sums[s] != null) {
                    sums[s].applyTo(slices[s], scale);
                }
            }
        }

        @Override
        public void clear() {
            for (DenseAccumulator a : sums) {
                if (a != null) {
                    a.clear();
                }
            }
        }

        @Override
        public void copyTo(ByteBufAllocator alloc, int tableId, int round, LongSupplier ids, Consumer<ByteBuf> out) {
            for (int s = 0; s < slices.length; s++) {
                if (sums[s] != null) {
                    sums[s].copyTo(alloc, ids.getAsLong(), tableId, round, slices[s].firstIndex(), out);
                }
            }
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
    public int[] backupsFor(ByteBuf frame) {
        return roles.backups(d.sliceOf(Math.min(DenseFrames.offset(frame), d.size() - 1)));
    }

    @Override
    public void push(ByteBuf frame, int worker, int clock, Runnable whileLocked) {
        try {
            apply(frame, worker, clock, true, whileLocked);
        } catch (ShoalException e) {
            if (chains != null && !e.retriable() && DenseFrames.checkRequest(frame, true) == null
                    && DenseFrames.offset(frame) < d.size()) {
                chains.ofUnit(d.sliceOf(DenseFrames.offset(frame))).refused(clock, worker);
            }
            throw e;
        }
    }

    /** The chain of the slice a (checked) request addresses; null when it is not held here. */
    private ChainRounds<SliceSums> chainOf(ByteBuf frame) {
        return chains.ofUnit(d.sliceOf(Math.min(DenseFrames.offset(frame), d.size() - 1)));
    }

    @Override
    public boolean acceptsRound(ByteBuf frame, int clock) {
        ChainRounds<SliceSums> c = chains == null ? null : chainOf(frame);
        return c == null || c.accepts(clock);
    }

    @Override
    public boolean appliedBefore(ByteBuf frame, int clock) {
        ChainRounds<SliceSums> c = chains == null ? null : chainOf(frame);
        return c == null || c.appliedBefore(clock);
    }

    @Override
    public void applyRoundSum(ByteBuf frame, int epoch) {
        String bad = DenseFrames.checkRequest(frame, true);
        if (bad != null || chains == null) {
            throw Checks.malformed(d, bad != null ? bad : "a round's sum for a table that does not aggregate");
        }
        long offset = DenseFrames.offset(frame);
        int count = DenseFrames.count(frame);
        int slice = sliceFor(offset, count, "round copy", false);
        ChainRounds<SliceSums> c = chains.ofUnit(slice);
        SliceSums sum = c.enterCopy(FrameHeader.clock(frame), epoch);
        if (sum == null) {
            return;
        }
        try {
            float[] g = RequestScratch.get().floats(count);
            Checks.readFinite(d, frame, DenseFrames.valuesIndex(frame), g, count);
            sum.add(slice, (int) (offset - d.sliceStart(slice)), g, count);
        } finally {
            c.exitCopy();
        }
    }

    @Override
    public PartChains<?> chains() {
        return chains;
    }

    @Override
    public void runLocked(ByteBuf frame, Runnable r) {
        DenseSlice slice = slices[d.sliceOf(Math.min(DenseFrames.offset(frame), d.size() - 1))];
        slice.hold();
        try {
            r.run();
        } finally {
            slice.release();
        }
    }

    @Override
    public void requirePrimary(ByteBuf frame) {
        sliceFor(DenseFrames.offset(frame), DenseFrames.count(frame), "push", true);
    }

    @Override
    public void applyReplica(ByteBuf frame, Runnable whileLocked) {
        apply(frame, -1, 0, false, whileLocked);
    }

    @Override
    public void exportTo(int self, int joiner, ClusterView view, ByteBufAllocator alloc, LongSupplier ids,
                         Supplier<ByteBuf> appliedIds, Consumer<ByteBuf> send) {
        if (chains != null) {
            // A chain at a time, between two of its rounds: its slices, the ids, then its rounds.
            chains.exportTo(joiner, view, alloc, ids, owner -> exportSlices(s -> d.owner(s) == owner && slices[s] != null
                    && view.holds(d, s, joiner), alloc, ids, appliedIds, send), send);
            return;
        }
        exportSlices(s -> slices[s] != null && view.primaryOf(d, s) == self && view.holds(d, s, joiner), alloc, ids,
                appliedIds, send);
    }

    private void exportSlices(IntPredicate which, ByteBufAllocator alloc, LongSupplier ids,
                              Supplier<ByteBuf> appliedIds, Consumer<ByteBuf> send) {
        List<Integer> held = new ArrayList<>();
        for (int s = 0; s < slices.length; s++) {
            if (which.test(s)) {
                held.add(s);
            }
        }
        if (held.isEmpty()) {
            return;
        }
        // Every slice at once (in index order, as no push takes two), so that the ids are of the same instant.
        held.forEach(s -> slices[s].hold());
        try {
            for (int s : held) {
                slices[s].exportRuns(alloc, ids, d.id(), s, RUN_FLOATS, send);
            }
            send.accept(appliedIds.get());
        } finally {
            held.forEach(s -> slices[s].release());
        }
    }

    @Override
    public void importState(ByteBuf frame) {
        int at = FrameHeader.bodyIndex(frame);
        if (StateFrames.kind(frame) == RoundFrames.KIND_ROUNDS && chains != null) {
            chains.importRounds(frame);
            return;
        }
        if (StateFrames.kind(frame) != StateFrames.KIND_DENSE_RUN) {
            throw Checks.malformed(d, "STATE of kind " + StateFrames.kind(frame) + " for a dense table");
        }
        int slice = frame.getIntLE(at + 1);
        long step = frame.getLongLE(at + 5);
        int from = frame.getIntLE(at + 13);
        int count = frame.getIntLE(at + 17);
        int slots = frame.getUnsignedByte(at + 21);
        if (slice < 0 || slice >= slices.length || slices[slice] == null || slots != slices[slice].stateSlots()
                || from < 0 || count < 0 || (long) from + count > slices[slice].length()
                || (long) count * Float.BYTES * (1 + slots) != FrameHeader.bodyLength(frame) - StateFrames.DENSE_PREFIX) {
            throw Checks.malformed(d, "STATE run of slice " + slice + " (" + count + " floats, " + slots
                    + " slots) does not fit what server " + serverId + " holds");
        }
        slices[slice].importRun(step, from, count, frame, at + StateFrames.DENSE_PREFIX);
    }

    @Override
    public void markLost(ClusterView view) {
        boolean[] gone = new boolean[slices.length];
        for (int s = 0; s < slices.length; s++) {
            gone[s] = slices[s] != null && view.primaryOf(d, s) < 0;
        }
        lost = gone;
    }

    private void apply(ByteBuf frame, int worker, int clock, boolean asPrimary, Runnable whileLocked) {
        String bad = DenseFrames.checkRequest(frame, true);
        if (bad != null) {
            throw Checks.malformed(d, bad);
        }
        long offset = DenseFrames.offset(frame);
        int count = DenseFrames.count(frame);
        int slice = sliceFor(offset, count, "push", asPrimary);
        if (count == 0) {
            return;
        }
        float[] g = RequestScratch.get().floats(count);
        Checks.readFinite(d, frame, DenseFrames.valuesIndex(frame), g, count);
        int at = (int) (offset - d.sliceStart(slice));
        if (chains == null) {
            slices[slice].apply(at, g, 0, count, whileLocked);
            return;
        }
        ChainRounds<SliceSums> chain = chains.ofUnit(slice);
        SliceSums sum = chain.enter(clock, worker, FrameHeader.requestId(frame));
        try {
            if (sum != null) {              // null: a resend of a push summed or applied already
                sum.add(slice, at, g, count);
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
        boolean pushPull = FrameHeader.typeId(frame) == MessageType.PUSH_PULL_DENSE.id;
        String bad = DenseFrames.checkRequest(frame, pushPull);
        if (bad != null) {
            throw Checks.malformed(d, bad);
        }
        long offset = DenseFrames.offset(frame);
        int count = DenseFrames.count(frame);
        int slice = sliceFor(offset, count, "pull", true);
        ByteBuf reply = DenseFrames.allocateResponse(alloc, frame, FrameHeader.clock(frame), minClock, count);
        if (count > 0) {
            int index = reply.writerIndex();
            reply.writerIndex(index + count * Float.BYTES);
            slices[slice].read((int) (offset - d.sliceStart(slice)), Floats.view(reply, index, count), count);
        }
        return FrameHeader.finish(reply);
    }

    /**
     * The slice a request for {@code [offset, offset+count)} addresses, after checking range and that this server
     * is its primary (a worker's request) or holds it (a primary's copy).
     */
    private int sliceFor(long offset, int count, String what, boolean asPrimary) {
        long end = offset + count;
        if (end > d.size()) {
            throw new ShoalException(ErrorCode.KEY_OUT_OF_RANGE, what + " of elements [" + offset + ", " + end
                    + ") is outside " + d.spec() + " of " + d.size() + " elements");
        }
        int slice = d.sliceOf(Math.min(offset, d.size() - 1));
        if (count > 0 && d.sliceOf(end - 1) != slice) {
            throw new ShoalException(ErrorCode.SHAPE_MISMATCH, what + " of elements [" + offset + ", " + end
                    + ") crosses a slice boundary of " + d.spec() + " (slices of " + d.sliceLength() + " elements)");
        }
        int primary = roles.primary(slice);
        if (lost[slice]) {
            throw new ShoalException(ErrorCode.UNAVAILABLE, "slice " + slice + " of " + d.spec() + " was lost: every "
                    + "server holding it died before server " + serverId + " rejoined (no checkpoint to restore yet)");
        }
        if (slices[slice] == null || (asPrimary && primary != serverId)) {
            throw new ShoalException(ErrorCode.NOT_OWNER, "slice " + slice + " of " + d.spec() + " is answered by "
                    + (primary < 0 ? "no server (no replica in service)" : "server " + primary)
                    + ", not by server " + serverId + (slices[slice] == null ? "" : ", which holds a copy"));
        }
        return slice;
    }

    @Override
    public long bytes() {
        long b = 0;
        for (DenseSlice s : slices) {
            b += s == null ? 0 : s.bytes();
        }
        return b;
    }
}
