package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.Floats;
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
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The slices of a dense table that this server holds, as primary or backup. A request addresses one slice (the
 * client cuts requests at slice boundaries) and is answered only by the slice's primary; values are copied once
 * from the frame into a per-thread scratch array, checked, then applied (or, under BSP, added to the round's sum of
 * that slice: see {@link BspRounds}). A backup applies what the primary forwards ({@link #applyReplica}).
 */
final class DenseTablePart implements ServerTable {
    private final TableDescriptor d;
    private final int serverId;
    private final DenseSlice[] slices;
    /** Null unless the table aggregates (BSP). */
    private final BspRounds<SliceSums> rounds;
    private volatile UnitRoles roles;
    /** Floats per STATE frame of a slice: 4 MiB of parameters, so a frame stays far below the frame limit. */
    private static final int RUN_FLOATS = 1 << 20;
    /** Slices whose state was lost with every server holding it (set once when rejoining). */
    private volatile boolean[] lost;

    DenseTablePart(TableDescriptor d, int serverId, int firstOpenRound, ClusterView view) {
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
        this.rounds = d.consistency().aggregates()
                ? new BspRounds<>(d.spec().toString(), new SliceSums(slices), new SliceSums(slices), firstOpenRound)
                : null;
    }

    /** One round's sum of every slice held here: an accumulator per slice, applied slice by slice. */
    private static final class SliceSums implements RoundSum {
        private final DenseSlice[] slices;
        private final DenseAccumulator[] sums;

        SliceSums(DenseSlice[] slices) {
            this.slices = slices;
            this.sums = new DenseAccumulator[slices.length];
            for (int s = 0; s < slices.length; s++) {
                sums[s] = slices[s] == null ? null : new DenseAccumulator(slices[s].length());
            }
        }

        void add(int slice, int at, float[] g, int count) {
            sums[slice].add(at, g, 0, count);
        }

        @Override
        public void applyAverage(float scale) {
            for (int s = 0; s < slices.length; s++) {
                if (slices[s] != null) {
                    sums[s].applyTo(slices[s], scale);
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
    }

    @Override
    public int[] backupsFor(ByteBuf frame) {
        return roles.backups(d.sliceOf(Math.min(DenseFrames.offset(frame), d.size() - 1)));
    }

    @Override
    public void push(ByteBuf frame, int worker, int clock, Runnable whileLocked) {
        apply(frame, worker, clock, true, whileLocked);
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
        List<Integer> held = new ArrayList<>();
        for (int s = 0; s < slices.length; s++) {
            if (slices[s] != null && view.primaryOf(d, s) == self && view.holds(d, s, joiner)) {
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
        if (rounds == null) {
            slices[slice].apply(at, g, 0, count, whileLocked);
            return;
        }
        SliceSums sum = rounds.enter(clock, worker);
        try {
            sum.add(slice, at, g, count);
            if (whileLocked != null) {
                whileLocked.run();
            }
        } finally {
            rounds.exit();
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
    public void closeRound(int round, BitSet live) {
        if (rounds != null) {
            rounds.close(round, live);
        }
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
