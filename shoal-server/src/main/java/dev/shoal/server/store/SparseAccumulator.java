package dev.shoal.server.store;

import dev.shoal.protocol.codec.SparseFrames;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sums the sparse gradients of one synchronous (BSP) round, then applies their average once per distinct key.
 *
 * <pre>{@code
 * SparseAccumulator acc = new SparseAccumulator(shard.dim());
 * acc.add(keys, 0, n, grads, 0);            // from every worker during the round
 * acc.applyTo(shard, 1f / workers);         // at the barrier; leaves acc empty for the next round
 * }</pre>
 *
 * <p>Sums live in a chunked arena indexed by slot, slots handed out in order of first appearance, so
 * {@link #applyTo} pushes whole chunks at a time and applies keys in a deterministic order. {@link #clear()} keeps
 * the map's table and the arena, so later rounds of a similar size allocate nothing. Thread-safe: one lock per
 * accumulator; {@link #applyTo} holds it while it takes the shard's lock, never the other way round.
 */
public final class SparseAccumulator {
    private final int dim;
    private final Long2IntOpenHashMap slots = new Long2IntOpenHashMap();
    private final FloatArena sums;
    private final ReentrantLock lock = new ReentrantLock();
    private long[] keyOfSlot = new long[64];
    private int size;

    /** An empty accumulator for rows of {@code dim} floats. */
    public SparseAccumulator(int dim) {
        this.sums = new FloatArena(dim);
        this.dim = dim;
        slots.defaultReturnValue(-1);
    }

    /** Adds {@code grads[gOff + i*dim, gOff + (i+1)*dim)} to the sum of {@code keys[kOff + i]}, for i below n. */
    public void add(long[] keys, int kOff, int n, float[] grads, int gOff) {
        Objects.checkFromIndexSize(kOff, n, keys.length);
        if (gOff < 0 || (long) n * dim > grads.length - (long) gOff) {
            throw new IndexOutOfBoundsException(n + " rows of " + dim + " floats from " + gOff
                    + " do not fit an array of " + grads.length);
        }
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                addRow(keys[kOff + i], grads, gOff + i * dim);
            }
        } finally {
            lock.unlock();
        }
    }

    private void addRow(long key, float[] g, int gOff) {
        int slot = slots.get(key);
        if (slot < 0) {
            slot = newSlot(key);
            // The arena is reused across rounds, so a new slot takes the gradient rather than adding to stale data.
            System.arraycopy(g, gOff, sums.chunk(slot), sums.offset(slot), dim);
            return;
        }
        float[] sum = sums.chunk(slot);
        int at = sums.offset(slot);
        for (int j = 0; j < dim; j++) {
            sum[at + j] += g[gOff + j];
        }
    }

    private int newSlot(long key) {
        if (size == Integer.MAX_VALUE) {
            throw new IllegalStateException("sparse accumulator is full");
        }
        int slot = size++;
        sums.ensureRows(size);
        if (slot == keyOfSlot.length) {
            keyOfSlot = Arrays.copyOf(keyOfSlot, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * slot));
        }
        keyOfSlot[slot] = key;
        slots.put(key, slot);
        return slot;
    }

    /** Distinct keys summed since the last {@link #clear()} or {@link #applyTo}. */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pushes {@code sum * scale} for every distinct key to {@code shard} (one optimizer update per key, in order of
     * first appearance), then clears. {@code scale} is typically {@code 1 / workers}, making the update the average.
     */
    public void applyTo(SparseShard shard, float scale) {
        if (shard.dim() != dim) {
            throw new IllegalArgumentException("accumulator of dim " + dim + " cannot apply to a shard of dim "
                    + shard.dim());
        }
        lock.lock();
        try {
            int perChunk = sums.rowsPerChunk();
            for (int start = 0; start < size; start += perChunk) {
                int n = Math.min(perChunk, size - start);
                float[] chunk = sums.chunk(start);
                scale(chunk, n * dim, scale);
                shard.push(keyOfSlot, start, n, chunk, 0);
            }
            clearLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The sum as PUSH_SPARSE frames, rows in order of first appearance, one frame per arena chunk (at most
     * 65,536 rows), for {@code out}; request ids from {@code ids}. Nothing when nothing was added.
     */
    public void copyTo(ByteBufAllocator alloc, LongSupplier ids, int tableId, int round, Consumer<ByteBuf> out) {
        lock.lock();
        try {
            int perChunk = sums.rowsPerChunk();
            for (int start = 0; start < size; start += perChunk) {
                int n = Math.min(perChunk, size - start);
                out.accept(SparseFrames.encodePush(alloc, MessageType.PUSH_SPARSE, ids.getAsLong(), tableId, round,
                        keyOfSlot, start, n, dim, sums.chunk(start), 0));
            }
        } finally {
            lock.unlock();
        }
    }

    private static void scale(float[] a, int len, float factor) {
        for (int i = 0; i < len; i++) {
            a[i] *= factor;
        }
    }

    /** Drops all sums, keeping the allocated storage for the next round. */
    public void clear() {
        lock.lock();
        try {
            clearLocked();
        } finally {
            lock.unlock();
        }
    }

    private void clearLocked() {
        slots.clear();
        size = 0;
    }

    /** Floats per row. */
    public int dim() {
        return dim;
    }
}
