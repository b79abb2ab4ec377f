package dev.shoal.server.store;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.server.optim.Optimizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rows of one sparse table that this server holds, each {@code dim} floats, created on first touch.
 *
 * <pre>{@code
 * SparseShard shard = new SparseShard(16, Optimizers.create(spec.optimizer()), spec.initializer(), 1024);
 * shard.pull(keys, 0, n, rows, 0);      // rows[i*16 .. i*16+16) = row of keys[i]
 * shard.push(keys, 0, n, grads, 0);     // one optimizer update per key occurrence
 * }</pre>
 *
 * <p>Keys are grouped by virtual partition ({@link KeyPartitioner}, the client's routing function); each partition
 * ({@link SparsePartition}) has a fastutil map from key to row number and its own chunked arenas, parameters and
 * each optimizer state slot in their own, so there is no object per row. Keys are looked up in the order they
 * come; the client sends them grouped by partition, so a request walks one small, cache-resident partition at a
 * time instead of missing the cache on every key (measured: 15 ns against 60 ns a key for 10M random keys). When the optimizer reads the step (Adam), each row keeps its own
 * update counter: {@code step} is the number of updates that row had before.
 *
 * <p>All methods are thread-safe; one lock per shard serializes them. A missing key is created with the initializer
 * ({@link Initializers#fillRow}, so its value depends only on the seed and key) and the optimizer's initial state, by
 * a pull as well as a push. Rows are never removed.
 */
public final class SparseShard {
    private final int dim;
    private final SparsePartition[] parts;
    private final ReentrantLock lock = new ReentrantLock();
    private long rows;

    /** An empty shard of rows of {@code dim} floats, its keys grouped into {@code partitions} virtual partitions. */
    public SparseShard(int dim, Optimizer optimizer, InitializerSpec init, int partitions) {
        if (dim <= 0 || dim > TableSpec.MAX_SPARSE_DIM) {
            throw new IllegalArgumentException("sparse dim must be in 1.." + TableSpec.MAX_SPARSE_DIM + ", got " + dim);
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(init, "init");
        this.dim = dim;
        this.parts = new SparsePartition[partitions];
        for (int p = 0; p < partitions; p++) {
            parts[p] = new SparsePartition(dim, optimizer, init);
        }
    }

    /** Writes the rows of {@code keys[kOff, kOff+n)} to {@code out}, {@code dim} floats each, from {@code outOff}. */
    public void pull(long[] keys, int kOff, int n, float[] out, int outOff) {
        pull(keys, null, kOff, n, out, outOff);
    }

    /**
     * {@link #pull(long[], int, int, float[], int)} with the keys' partitions already computed by the caller
     * ({@code partitionOf[kOff + i]} for {@code keys[kOff + i]}, as {@link KeyPartitioner} gives them), so a
     * server that has checked ownership per partition does not hash every key twice.
     */
    public void pull(long[] keys, int[] partitionOf, int kOff, int n, float[] out, int outOff) {
        checkRange(keys, kOff, n, out, outOff);
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                long key = keys[kOff + i];
                SparsePartition part = parts[partitionOf != null ? partitionOf[kOff + i]
                        : KeyPartitioner.partitionOf(key, parts.length)];
                part.read(rowOf(part, key), out, outOff + i * dim);
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
        push(keys, null, kOff, n, grads, gOff);
    }

    /** {@link #push(long[], int, int, float[], int)} with the keys' partitions computed by the caller. */
    public void push(long[] keys, int[] partitionOf, int kOff, int n, float[] grads, int gOff) {
        push(keys, partitionOf, kOff, n, grads, gOff, null);
    }

    /**
     * {@link #push(long[], int[], int, int, float[], int)}, running {@code whileLocked} (when not null) under the
     * same hold of the shard's lock, just before the updates (it must not fail): a primary sends its backups the copy there, so that copies leave in
     * the order the updates were applied, and a state snapshot ({@link #exportPartitions}) lands in that order too.
     */
    public void push(long[] keys, int[] partitionOf, int kOff, int n, float[] grads, int gOff, Runnable whileLocked) {
        checkRange(keys, kOff, n, grads, gOff);
        lock.lock();
        try {
            // First, so that the copies travel while this replica applies (the order is the lock's either way).
            if (whileLocked != null) {
                whileLocked.run();
            }
            for (int i = 0; i < n; i++) {
                long key = keys[kOff + i];
                SparsePartition part = parts[partitionOf != null ? partitionOf[kOff + i]
                        : KeyPartitioner.partitionOf(key, parts.length)];
                part.apply(rowOf(part, key), grads, gOff + i * dim);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands {@code send}, under the shard's lock held throughout, every row of each partition {@code which} accepts
     * as STATE frames (kind sparse rows) of at most {@code runRows} rows each, then the frame {@code last} gives
     * (when not null), for a rejoining replica: the request ids applied to those rows, at the same instant.
     */
    public void exportPartitions(IntPredicate which, ByteBufAllocator alloc, LongSupplier ids, int tableId,
                                 int runRows, Supplier<ByteBuf> last, Consumer<ByteBuf> send) {
        lock.lock();
        try {
            for (int p = 0; p < parts.length; p++) {
                if (which.test(p)) {
                    parts[p].export(alloc, ids, tableId, p, runRows, send);
                }
            }
            ByteBuf tail = last == null ? null : last.get();
            if (tail != null) {
                send.accept(tail);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code r} under the shard's lock, between updates (see {@link #push} with {@code whileLocked}). */
    public void runLocked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a STATE frame of sparse rows: each row is created if missing, then overwritten with the frame's. */
    public void importRows(ByteBuf frame) {
        lock.lock();
        try {
            int partition = frame.getIntLE(FrameHeader.bodyIndex(frame) + 1);
            if (partition < 0 || partition >= parts.length) {
                throw new IllegalArgumentException("partition " + partition + " of " + parts.length);
            }
            SparsePartition part = parts[partition];
            int before = part.size();
            part.importRows(frame);
            rows += part.size() - before;
        } finally {
            lock.unlock();
        }
    }

    private int rowOf(SparsePartition part, long key) {
        int before = part.size();
        int row = part.rowOf(key);
        rows += part.size() - before;
        return row;
    }

    private void checkRange(long[] keys, int kOff, int n, float[] floats, int fOff) {
        Objects.checkFromIndexSize(kOff, n, keys.length);
        long need = (long) n * dim;
        if (fOff < 0 || need > floats.length - (long) fOff) {
            throw new IndexOutOfBoundsException(n + " rows of " + dim + " floats from " + fOff
                    + " do not fit an array of " + floats.length);
        }
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
            return parts[partition].size();
        } finally {
            lock.unlock();
        }
    }

    /** Approximate heap bytes of every partition's arenas and key index. */
    public long bytes() {
        lock.lock();
        try {
            long total = 0;
            for (SparsePartition part : parts) {
                total += part.bytes();
            }
            return total;
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
        return parts.length;
    }
}
