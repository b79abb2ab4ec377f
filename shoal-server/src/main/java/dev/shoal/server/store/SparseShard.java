package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.server.optim.Optimizer;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rows of one sparse table that this server holds, each {@code dim} floats, created on first touch.
 *
 * <pre>{@code
 * SparseShard shard = new SparseShard(16, Optimizers.create(spec.optimizer()), spec.initializer(), 1024);
 * shard.pull(keys, 0, n, rows, 0);      // rows[i*16 .. i*16+16) = row of keys[i]
 * shard.push(keys, 0, n, grads, 0);     // one optimizer update per key occurrence
 * }</pre>
 *
 * <p>Keys are indexed per virtual partition ({@link KeyPartitioner}, the client's routing function), each partition
 * a fastutil map from key to row number. Rows live in chunked arenas, parameters and each optimizer state slot in
 * their own, at the same row number, so there is no object per row. When the optimizer reads the step (Adam), each
 * row keeps its own update counter: {@code step} is the number of updates that row had before.
 *
 * <p>All methods are thread-safe; one lock per shard serializes them. A missing key is created with the initializer
 * ({@link Initializers#fillRow}, so its value depends only on the seed and key) and the optimizer's initial state, by
 * a pull as well as a push. Rows are never removed.
 */
public final class SparseShard {
    private final int dim;
    private final Optimizer optimizer;
    private final InitializerSpec init;
    private final int partitions;
    private final Long2IntOpenHashMap[] index;
    private final FloatArena params;
    private final FloatArena s0;
    private final FloatArena s1;
    private final LongArena steps;
    private final ReentrantLock lock = new ReentrantLock();
    private int rows;

    /** An empty shard of rows of {@code dim} floats, its keys grouped into {@code partitions} virtual partitions. */
    public SparseShard(int dim, Optimizer optimizer, InitializerSpec init, int partitions) {
        if (dim <= 0 || dim > TableSpec.MAX_SPARSE_DIM) {
            throw new IllegalArgumentException("sparse dim must be in 1.." + TableSpec.MAX_SPARSE_DIM + ", got " + dim);
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        this.dim = dim;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.init = Objects.requireNonNull(init, "init");
        this.partitions = partitions;
        this.index = new Long2IntOpenHashMap[partitions];
        for (int p = 0; p < partitions; p++) {
            index[p] = new Long2IntOpenHashMap();
            index[p].defaultReturnValue(-1);
        }
        int slots = optimizer.stateSlots();
        this.params = new FloatArena(dim);
        this.s0 = slots > 0 ? new FloatArena(dim) : null;
        this.s1 = slots > 1 ? new FloatArena(dim) : null;
        this.steps = optimizer.usesStep() ? new LongArena(FloatArena.chunkShift(dim)) : null;
    }

    /** Writes the rows of {@code keys[kOff, kOff+n)} to {@code out}, {@code dim} floats each, from {@code outOff}. */
    public void pull(long[] keys, int kOff, int n, float[] out, int outOff) {
        checkRange(keys, kOff, n, out, outOff);
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                int row = rowOf(keys[kOff + i]);
                System.arraycopy(params.chunk(row), params.offset(row), out, outOff + i * dim, dim);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the optimizer to the row of each key in {@code keys[kOff, kOff+n)} with gradient
     * {@code grads[gOff + i*dim, gOff + (i+1)*dim)}. A key repeated in one push is updated once per occurrence, in
     * order.
     */
    public void push(long[] keys, int kOff, int n, float[] grads, int gOff) {
        checkRange(keys, kOff, n, grads, gOff);
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                int row = rowOf(keys[kOff + i]);
                int at = params.offset(row);
                long step = steps == null ? 0L : steps.getAndIncrement(row);
                optimizer.apply(params.chunk(row), s0 == null ? null : s0.chunk(row),
                        s1 == null ? null : s1.chunk(row), at, grads, gOff + i * dim, dim, step);
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkRange(long[] keys, int kOff, int n, float[] floats, int fOff) {
        Objects.checkFromIndexSize(kOff, n, keys.length);
        long need = (long) n * dim;
        if (fOff < 0 || need > floats.length - (long) fOff) {
            throw new IndexOutOfBoundsException(n + " rows of " + dim + " floats from " + fOff
                    + " do not fit an array of " + floats.length);
        }
    }

    private int rowOf(long key) {
        Long2IntOpenHashMap map = index[KeyPartitioner.partitionOf(key, partitions)];
        int row = map.get(key);
        return row >= 0 ? row : create(key, map);
    }

    private int create(long key, Long2IntOpenHashMap map) {
        if (rows == Integer.MAX_VALUE) {
            throw new IllegalStateException("sparse shard is full: " + rows + " rows");
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
        map.put(key, row);
        rows = count;
        return row;
    }

    /** Rows created so far. */
    public long rowCount() {
        lock.lock();
        try {
            return rows;
        } finally {
            lock.unlock();
        }
    }

    /** Rows of virtual partition {@code partition}. */
    int partitionRowCount(int partition) {
        lock.lock();
        try {
            return index[partition].size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Approximate heap bytes: the allocated arenas (parameters, state, counters) plus the key index, counted as
     * 12 bytes per map slot at fastutil's default load factor.
     */
    public long bytes() {
        lock.lock();
        try {
            long total = params.bytes() + (s0 == null ? 0 : s0.bytes()) + (s1 == null ? 0 : s1.bytes())
                    + (steps == null ? 0 : steps.bytes());
            return total + (long) (rows / 0.75) * (Long.BYTES + Integer.BYTES);
        } finally {
            lock.unlock();
        }
    }

    /** Floats per row. */
    public int dim() {
        return dim;
    }

    /** Number of virtual partitions keys are grouped into. */
    public int partitions() {
        return partitions;
    }
}
