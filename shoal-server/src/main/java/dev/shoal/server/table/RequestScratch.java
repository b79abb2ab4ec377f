package dev.shoal.server.table;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Per-thread arrays a request's keys and values pass through between a frame and a table part, so that a request
 * allocates nothing once warm. Each event-loop thread has its own.
 *
 * <pre>{@code
 * RequestScratch scratch = RequestScratch.get();
 * float[] g = scratch.floats(count);    // valid until this thread's next request
 * }</pre>
 */
final class RequestScratch {
    private static final FastThreadLocal<RequestScratch> LOCAL = new FastThreadLocal<>() {
        @Override
        protected RequestScratch initialValue() {
            return new RequestScratch();
        }
    };

    private float[] floats = new float[1024];
    private long[] longs = new long[256];
    private int[] ints = new int[256];

    static RequestScratch get() {
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
