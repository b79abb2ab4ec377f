package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.server.optim.Optimizer;

import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

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
        Objects.checkFromIndexSize(at, len, length);
        Objects.checkFromIndexSize(gOff, len, g.length);
        lock.lock();
        try {
            optimizer.apply(params, s0, s1, at, g, gOff, len, step);
            step++;
        } finally {
            lock.unlock();
        }
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
