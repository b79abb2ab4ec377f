package dev.shoal.protocol.table;

/**
 * Maps a sparse key to one of many virtual partitions. Servers own whole partitions, so a later rebalance moves
 * partitions, never rehashes keys. Client and server both use this function: it is part of the protocol.
 *
 * <pre>{@code
 * int p = KeyPartitioner.partitionOf(key, descriptor.partitions());
 * int server = descriptor.owner(p);
 * }</pre>
 */
public final class KeyPartitioner {
    private KeyPartitioner() {
    }

    /** The partition of {@code key}, in {@code [0, partitions)}. */
    public static int partitionOf(long key, int partitions) {
        long h = mix64(key);
        // For a power of two the mask equals the unsigned remainder, without a 64-bit division per key.
        return (partitions & (partitions - 1)) == 0 ? (int) (h & (partitions - 1))
                : (int) Long.remainderUnsigned(h, partitions);
    }

    /**
     * A 64-bit finalizer (the one of SplitMix64): sequential or clustered ids spread evenly over partitions.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
