package dev.shoal.server.store;

import java.util.Arrays;

/**
 * Rows of {@code width} floats stored back to back in chunks, addressed by an {@code int} row number. Keeping rows in
 * a few large arrays instead of one object per row saves the per-object header and pointer, keeps neighbouring rows
 * close in memory, and lets an optimizer run over a row in place.
 *
 * <pre>{@code
 * FloatArena arena = new FloatArena(dim);
 * arena.ensureRows(row + 1);
 * float[] chunk = arena.chunk(row);       // fetch after ensureRows: growing may replace the last chunk
 * int at = arena.offset(row);             // the row is chunk[at, at + dim)
 * }</pre>
 *
 * <p>A full chunk holds at most {@link #CHUNK_FLOATS} floats (a power-of-two number of rows). The last chunk starts
 * small and doubles, so a table with few rows does not pay for a whole chunk. Not thread-safe.
 */
final class FloatArena {
    /** Floats in a full chunk (4 MiB). */
    static final int CHUNK_FLOATS = 1 << 20;
    /** Most rows in a chunk, so that narrow rows still come in chunks of a bounded count. */
    static final int MAX_CHUNK_ROWS = 1 << 16;
    private static final int MIN_CHUNK_ROWS = 64;

    private final int width;
    private final int shift;
    private final int mask;
    private float[][] chunks = new float[4][];
    private int capacity;

    FloatArena(int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("row width must be > 0, got " + width);
        }
        this.width = width;
        this.shift = chunkShift(width);
        this.mask = (1 << shift) - 1;
    }

    /** log2 of the rows per full chunk for rows of {@code width} floats. */
    static int chunkShift(int width) {
        int rows = Math.max(1, Math.min(MAX_CHUNK_ROWS, CHUNK_FLOATS / width));
        return Integer.numberOfTrailingZeros(Integer.highestOneBit(rows));
    }

    /** Row count of the chunk that must replace one of {@code oldRows} rows to hold {@code wanted} rows. */
    static int grownChunkRows(int oldRows, int wanted, int shift) {
        int full = 1 << shift;
        return Math.min(full, Math.max(wanted, Math.max(MIN_CHUNK_ROWS, oldRows * 2)));
    }

    /** Makes rows {@code [0, rows)} addressable; new rows are zero. */
    void ensureRows(int rows) {
        while (capacity < rows) {
            int c = capacity >>> shift;
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, c * 2);
            }
            float[] old = chunks[c];
            int oldRows = old == null ? 0 : old.length / width;
            int newRows = grownChunkRows(oldRows, rows - (c << shift), shift);
            chunks[c] = old == null ? new float[newRows * width] : Arrays.copyOf(old, newRows * width);
            capacity = (c << shift) + newRows;
        }
    }

    /** The chunk holding {@code row}. */
    float[] chunk(int row) {
        return chunks[row >>> shift];
    }

    /** Where {@code row} starts in its chunk. */
    int offset(int row) {
        return (row & mask) * width;
    }

    /** Rows in a full chunk: a run of rows starting at a multiple of this lies in one chunk. */
    int rowsPerChunk() {
        return 1 << shift;
    }

    int width() {
        return width;
    }

    /** Heap bytes of the allocated chunks. */
    long bytes() {
        long floats = 0;
        for (float[] chunk : chunks) {
            if (chunk != null) {
                floats += chunk.length;
            }
        }
        return floats * Float.BYTES;
    }
}
