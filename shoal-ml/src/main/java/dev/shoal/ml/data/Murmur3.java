package dev.shoal.ml.data;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's public-domain reference, little-endian blocks).
 *
 * <pre>{@code
 * int h = Murmur3.hash32("hello".getBytes(US_ASCII), 0, 5, 0);   // 0x248bfa47
 * }</pre>
 *
 * <p>Written here rather than taken from a library so that the hashed feature space is pinned by this code and
 * its test, whatever a dependency might change.
 */
public final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    public static int hash32(byte[] data, int offset, int length, int seed) {
        int h = seed;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int p = offset + (i << 2);
            int k = (data[p] & 0xff) | (data[p + 1] & 0xff) << 8 | (data[p + 2] & 0xff) << 16 | data[p + 3] << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = offset + (blocks << 2);
        int rem = length & 3;
        if (rem > 0) {
            int k = data[tail] & 0xff;
            if (rem > 1) {
                k ^= (data[tail + 1] & 0xff) << 8;
            }
            if (rem > 2) {
                k ^= (data[tail + 2] & 0xff) << 16;
            }
            h ^= mixK(k);
        }
        return fmix(h ^ length);
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
