package dev.shoal.server.store;

import java.util.Arrays;

/**
 * One {@code long} per row, chunked and grown like {@link FloatArena} so that row numbers stay the only handle. Not
 * thread-safe.
 *
 * <pre>{@code
 * LongArena steps = new LongArena(FloatArena.chunkShift(dim));
 * steps.ensureRows(row + 1);
 * long step = steps.getAndIncrement(row);
 * }</pre>
 */
final class LongArena {
    private final int shift;
    private final int mask;
    private long[][] chunks = new long[4][];
    private int capacity;

    LongArena(int shift) {
        this.shift = shift;
        this.mask = (1 << shift) - 1;
    }

    /** Makes rows {@code [0, rows)} addressable; new rows are zero. */
    void ensureRows(int rows) {
        while (capacity < rows) {
            int c = capacity >>> shift;
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, c * 2);
            }
            long[] old = chunks[c];
            int oldRows = old == null ? 0 : old.length;
            int newRows = FloatArena.grownChunkRows(oldRows, rows - (c << shift), shift);
            chunks[c] = old == null ? new long[newRows] : Arrays.copyOf(old, newRows);
            capacity = (c << shift) + newRows;
        }
    }

    /** Returns the value of {@code row} and adds one to it. */
    long getAndIncrement(int row) {
        return chunks[row >>> shift][row & mask]++;
    }

    /** The value of {@code row}. */
    long get(int row) {
        return chunks[row >>> shift][row & mask];
    }

    /** Sets the value of {@code row}. */
    void set(int row, long value) {
        chunks[row >>> shift][row & mask] = value;
    }

    /** Heap bytes of the allocated chunks. */
    long bytes() {
        long n = 0;
        for (long[] chunk : chunks) {
            if (chunk != null) {
                n += chunk.length;
            }
        }
        return n * Long.BYTES;
    }
}
