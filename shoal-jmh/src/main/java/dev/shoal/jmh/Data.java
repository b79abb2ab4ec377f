package dev.shoal.jmh;

import java.util.SplittableRandom;

/**
 * Seeded inputs for the benchmarks, so two runs measure the same work.
 *
 * <pre>{@code
 * float[] g = Data.random(1 << 20, 7);   // uniform in [-1, 1)
 * }</pre>
 */
final class Data {
    private Data() {
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    static long[] keys(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            k[i] = r.nextLong();
        }
        return k;
    }
}
