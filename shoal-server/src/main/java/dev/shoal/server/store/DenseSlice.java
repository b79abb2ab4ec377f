package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.server.optim.Optimizer;

import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.codec.StateFrames;
import dev.shoal.protocol.frame.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One contiguous slice of a dense table held by this server: its parameters and their optimizer state.
 *
 * <pre>{@code
 * DenseSlice slice = new DenseSlice(firstIndex, length, Optimizers.create(spec.optimizer()), spec.initializer());
 * slice.apply(0, grad, 0, slice.length());   // one optimizer step over the whole slice
 * slice.read(0, out, 0, slice.length());
 * }</pre>
 *
 * <p>All methods are thread-safe: one lock per slice serializes updates and reads, so a read never sees half of an
 * update. Positions ({@code at}) are relative to the slice start. The optimizer's step counter is kept per slice and
 * bumped by every {@link #apply}, whatever range it covers: a partial-range update counts as a step of the whole
 * slice (only Adam's bias correction reads it).
 */
public final class DenseSlice {
    private final long firstIndex;
    private final int length;
    private final Optimizer optimizer;
    private final float[] params;
    private final float[] s0;
    private final float[] s1;
    private final ReentrantLock lock = new ReentrantLock();
    private long step;

    /** Allocates the slice holding elements {@code [firstIndex, firstIndex+length)}, initialized by {@code init}. */
    public DenseSlice(long firstIndex, int length, Optimizer optimizer, InitializerSpec init) {
        if (firstIndex < 0 || length <= 0) {
            throw new IllegalArgumentException("bad slice: first index " + firstIndex + ", length " + length);
        }
        this.firstIndex = firstIndex;
        this.length = length;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        int slots = optimizer.stateSlots();
        this.params = new float[length];
        this.s0 = slots > 0 ? new float[length] : null;
        this.s1 = slots > 1 ? new float[length] : null;
        Initializers.fill(init, params, 0, length, firstIndex);
        optimizer.initState(params, s0, s1, 0, length);
    }

    /** Runs the optimizer with {@code g[gOff, gOff+len)} on elements {@code [at, at+len)}; counts one step. */
    public void apply(int at, float[] g, int gOff, int len) {
        apply(at, g, gOff, len, null);
    }

    /**
     * {@link #apply(int, float[], int, int)}, running {@code whileLocked} (when not null) under the same hold of the
     * slice's lock, just before the update (it must not fail): a primary sends its backups the copy there, so that copies leave in the order the
     * updates were applied, and a state snapshot ({@link #exportRuns}) lands in that order too.
     */
    public void apply(int at, float[] g, int gOff, int len, Runnable whileLocked) {
        Objects.checkFromIndexSize(at, len, length);
        Objects.checkFromIndexSize(gOff, len, g.length);
        lock.lock();
        try {
            // First, so that the copies travel while this replica applies (the order is the lock's either way).
            if (whileLocked != null) {
                whileLocked.run();
            }
            optimizer.apply(params, s0, s1, at, g, gOff, len, step);
            step++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the slice's lock (reentrant; {@link #release} gives it back), so that a primary can snapshot several
     * slices and the request ids applied to them at one instant, with no update half in.
     */
    public void hold() {
        lock.lock();
    }

    /** Gives back what {@link #hold} took. */
    public void release() {
        lock.unlock();
    }

    /**
     * Hands {@code send}, under the slice's lock, the whole slice as STATE frames (kind dense run) of at most
     * {@code runFloats} elements each: parameters, optimizer state and step counter, for a rejoining replica.
     */
    public void exportRuns(ByteBufAllocator alloc, LongSupplier ids, int tableId, int slice, int runFloats,
                           Consumer<ByteBuf> send) {
        int slots = optimizer.stateSlots();
        lock.lock();
        try {
            for (int at = 0; at < length; at += runFloats) {
                int n = Math.min(runFloats, length - at);
                ByteBuf f = StateFrames.allocateDenseRun(alloc, ids.getAsLong(), tableId, slice, step, at, n, slots);
                Floats.write(f, params, at, n);
                if (s0 != null) {
                    Floats.write(f, s0, at, n);
                }
                if (s1 != null) {
                    Floats.write(f, s1, at, n);
                }
                send.accept(FrameHeader.finish(f));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a run of a primary's state (a STATE dense-run frame's floats at {@code index}: {@code count} parameters,
     * then {@code count} per optimizer state slot) for elements {@code [at, at+count)}, and its step counter.
     */
    public void importRun(long fromStep, int at, int count, ByteBuf frame, int index) {
        Objects.checkFromIndexSize(at, count, length);
        lock.lock();
        try {
            Floats.read(frame, index, params, at, count);
            int next = index + count * Float.BYTES;
            if (s0 != null) {
                Floats.read(frame, next, s0, at, count);
                next += count * Float.BYTES;
            }
            if (s1 != null) {
                Floats.read(frame, next, s1, at, count);
            }
            step = fromStep;
        } finally {
            lock.unlock();
        }
    }

    /** Optimizer state slots kept per element. */
    public int stateSlots() {
        return optimizer.stateSlots();
    }

    /** Copies parameters {@code [at, at+len)} into {@code dst[dOff, dOff+len)}. */
    public void read(int at, float[] dst, int dOff, int len) {
        Objects.checkFromIndexSize(at, len, length);
        Objects.checkFromIndexSize(dOff, len, dst.length);
        lock.lock();
        try {
            System.arraycopy(params, at, dst, dOff, len);
        } finally {
            lock.unlock();
        }
    }

    /** Puts parameters {@code [at, at+len)} into {@code dst} at its position, which advances by {@code len}. */
    public void read(int at, FloatBuffer dst, int len) {
        Objects.checkFromIndexSize(at, len, length);
        if (dst.remaining() < len) {
            throw new IllegalArgumentException("buffer has room for " + dst.remaining() + " floats, need " + len);
        }
        lock.lock();
        try {
            dst.put(params, at, len);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Overwrites parameters {@code [at, at+len)} with {@code src[sOff, sOff+len)}, for restores and tests. Optimizer
     * state and the step counter are left as they are.
     */
    public void write(int at, float[] src, int sOff, int len) {
        Objects.checkFromIndexSize(at, len, length);
        Objects.checkFromIndexSize(sOff, len, src.length);
        lock.lock();
        try {
            System.arraycopy(src, sOff, params, at, len);
        } finally {
            lock.unlock();
        }
    }

    /** Index in the table of the slice's first element. */
    public long firstIndex() {
        return firstIndex;
    }

    /** Number of elements in the slice. */
    public int length() {
        return length;
    }

    /** Updates applied so far (the {@code step} the next update passes to the optimizer). */
    public long steps() {
        lock.lock();
        try {
            return step;
        } finally {
            lock.unlock();
        }
    }

    /** Heap bytes of the parameters and optimizer state. */
    public long bytes() {
        return (long) length * Float.BYTES * (1 + optimizer.stateSlots());
    }
}
