package dev.shoal.server.store;

/**
 * Maps a sparse key to its virtual partition. This is the protocol's function
 * ({@link dev.shoal.protocol.table.KeyPartitioner}), re-exported so that server code and the client route every key
 * identically: a shard groups rows by the same partition the client sends them to, and a rebalance can move whole
 * partitions between servers.
 *
 * <pre>{@code
 * int p = KeyPartitioner.partitionOf(key, 1024);
 * }</pre>
 *
 * <p>{@code mix64} is the SplitMix64 finalizer (Stafford's variant 13); the partition is its value taken as an
 * unsigned 64-bit number modulo {@code partitions}. Both functions are pure.
 */
public final class KeyPartitioner {
    private KeyPartitioner() {
    }

    /** The partition of {@code key}, in {@code [0, partitions)}; {@code partitions} must be positive. */
    public static int partitionOf(long key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        return dev.shoal.protocol.table.KeyPartitioner.partitionOf(key, partitions);
    }

    /** A bijective 64-bit mix: sequential or clustered keys come out spread over the whole range. */
    public static long mix64(long key) {
        return dev.shoal.protocol.table.KeyPartitioner.mix64(key);
    }
}
