package dev.shoal.server.store;

import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.server.optim.Optimizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The rows of one virtual partition: its key index and its own arenas of parameters, optimizer state and step
 * counters. Keeping a partition's rows together means a request sorted by partition touches one small index and
 * one small arena at a time (they stay in cache), and that a partition can later move between servers whole.
 * Not thread-safe: {@link SparseShard} calls it under its lock.
 */
final class SparsePartition {
    private final int dim;
    private final Optimizer optimizer;
    private final InitializerSpec init;
    private final Long2IntOpenHashMap index = new Long2IntOpenHashMap();
    private final FloatArena params;
    private final FloatArena s0;
    private final FloatArena s1;
    private final LongArena steps;
    private int rows;

    SparsePartition(int dim, Optimizer optimizer, InitializerSpec init) {
        this.dim = dim;
        this.optimizer = optimizer;
        this.init = init;
        index.defaultReturnValue(-1);
        int slots = optimizer.stateSlots();
        this.params = new FloatArena(dim);
        this.s0 = slots > 0 ? new FloatArena(dim) : null;
        this.s1 = slots > 1 ? new FloatArena(dim) : null;
        this.steps = optimizer.usesStep() ? new LongArena(FloatArena.chunkShift(dim)) : null;
    }

    /** The row of {@code key}, created with the initializer and the optimizer's initial state if missing. */
    int rowOf(long key) {
        int row = index.get(key);
        return row >= 0 ? row : create(key);
    }

    /** Copies the parameters of {@code row} to {@code out} from {@code at}. */
    void read(int row, float[] out, int at) {
        System.arraycopy(params.chunk(row), params.offset(row), out, at, dim);
    }

    /** Runs the optimizer on {@code row} with the gradient {@code grads[gOff, gOff+dim)}. */
    void apply(int row, float[] grads, int gOff) {
        long step = steps == null ? 0L : steps.getAndIncrement(row);
        optimizer.apply(params.chunk(row), s0 == null ? null : s0.chunk(row), s1 == null ? null : s1.chunk(row),
                params.offset(row), grads, gOff, dim, step);
    }

    private int create(long key) {
        if (rows == Integer.MAX_VALUE) {
            throw new IllegalStateException("sparse partition is full: " + rows + " rows");
        }
        int row = rows;
        int count = row + 1;
        params.ensureRows(count);
        if (s0 != null) {
            s0.ensureRows(count);
        }
        if (s1 != null) {
            s1.ensureRows(count);
        }
        if (steps != null) {
            steps.ensureRows(count);
        }
        float[] w = params.chunk(row);
        int at = params.offset(row);
        Initializers.fillRow(init, w, at, dim, key);
        optimizer.initState(w, s0 == null ? null : s0.chunk(row), s1 == null ? null : s1.chunk(row), at, dim);
        index.put(key, row);
        rows = count;
        return row;
    }

    int size() {
        return rows;
    }

    /** Sends every row as STATE frames of at most {@code runRows} rows (see {@link SparseShard#exportPartitions}). */
    void export(ByteBufAllocator alloc, LongSupplier ids, int tableId, int partition, int runRows,
                Consumer<ByteBuf> send) {
        int slots = optimizer.stateSlots();
        boolean hasSteps = steps != null;
        var it = index.long2IntEntrySet().fastIterator();
        int left = rows;
        while (left > 0) {
            int n = Math.min(runRows, left);
            ByteBuf f = StateFrames.allocateSparseRows(alloc, ids.getAsLong(), tableId, partition, dim, slots,
                    hasSteps, n);
            for (int i = 0; i < n; i++) {
                var e = it.next();
                int row = e.getIntValue();
                f.writeLongLE(e.getLongKey());
                if (hasSteps) {
                    f.writeLongLE(steps.get(row));
                }
                writeRow(f, params, row);
                if (s0 != null) {
                    writeRow(f, s0, row);
                }
                if (s1 != null) {
                    writeRow(f, s1, row);
                }
            }
            left -= n;
            send.accept(FrameHeader.finish(f));
        }
    }

    private void writeRow(ByteBuf f, FloatArena arena, int row) {
        Floats.write(f, arena.chunk(row), arena.offset(row), dim);
    }

    /** Takes a STATE frame of this partition's rows: creates missing ones, overwrites parameters, state and steps. */
    void importRows(ByteBuf f) {
        int at = FrameHeader.bodyIndex(f) + 5;
        int frameDim = f.getIntLE(at);
        int slots = f.getUnsignedByte(at + 4);
        boolean hasSteps = f.getUnsignedByte(at + 5) != 0;
        int n = f.getIntLE(at + 6);
        if (frameDim != dim || slots != optimizer.stateSlots() || hasSteps != (steps != null)) {
            throw new IllegalArgumentException("rows of " + frameDim + " floats, " + slots + " state slots"
                    + (hasSteps ? " and steps" : "") + " do not fit this partition's " + dim + " floats, "
                    + optimizer.stateSlots() + " slots" + (steps != null ? " and steps" : ""));
        }
        long body = (long) FrameHeader.bodyLength(f) - StateFrames.SPARSE_PREFIX;
        if (n < 0 || body != (long) n * StateFrames.sparseRowBytes(dim, slots, hasSteps)) {
            throw new IllegalArgumentException(n + " rows do not fill the " + body + " bytes after the run's prefix");
        }
        int p = at + 10;
        for (int i = 0; i < n; i++) {
            long key = f.getLongLE(p);
            p += 8;
            int row = rowOf(key);
            if (hasSteps) {
                steps.set(row, f.getLongLE(p));
                p += 8;
            }
            p = readRow(f, p, params, row);
            if (s0 != null) {
                p = readRow(f, p, s0, row);
            }
            if (s1 != null) {
                p = readRow(f, p, s1, row);
            }
        }
    }

    private int readRow(ByteBuf f, int index, FloatArena arena, int row) {
        Floats.read(f, index, arena.chunk(row), arena.offset(row), dim);
        return index + dim * Float.BYTES;
    }

    /** Heap bytes of the arenas plus the key index, 12 bytes per map slot at fastutil's default load factor. */
    long bytes() {
        long total = params.bytes() + (s0 == null ? 0 : s0.bytes()) + (s1 == null ? 0 : s1.bytes())
                + (steps == null ? 0 : steps.bytes());
        return total + (long) (rows / 0.75) * (Long.BYTES + Integer.BYTES);
    }
}
