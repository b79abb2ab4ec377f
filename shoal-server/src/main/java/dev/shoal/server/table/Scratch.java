package dev.shoal.server.table;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread buffers that values are copied into on their way from a frame to a table, so that a push allocates
 * nothing per message once warm. Each event-loop thread has its own.
 */
final class Scratch {
    private static final FastThreadLocal<Scratch> LOCAL = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    private float[] floats = new float[1024];
    private long[] longs = new long[256];
    private int[] ints = new int[256];

    static Scratch get() {
        return LOCAL.get();
    }

    float[] floats(int n) {
        if (floats.length < n) {
            floats = new float[Math.max(n, floats.length * 2)];
        }
        return floats;
    }

    int[] ints(int n) {
        if (ints.length < n) {
            ints = new int[Math.max(n, ints.length * 2)];
        }
        return ints;
    }

    long[] longs(int n) {
        if (longs.length < n) {
            longs = new long[Math.max(n, longs.length * 2)];
        }
        return longs;
    }
}
