package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;

import java.util.Arrays;

/**
 * Fills parameters with their initial values.
 *
 * <pre>{@code
 * InitializerSpec init = InitializerSpec.normal(0f, 0.05f, 42);
 * Initializers.fill(init, params, 0, params.length, sliceFirstIndex);   // a dense slice
 * Initializers.fillRow(init, row, 0, dim, key);                          // a sparse row
 * }</pre>
 *
 * <p>Random values come from a counter-based generator: element {@code i} of a dense table is a pure function of
 * {@code (seed, i)}, column {@code c} of sparse row {@code key} a pure function of {@code (seed, key, c)}. So a table
 * is identical whatever its slicing, the number of servers, or which server creates which row first. Element
 * {@code i} of stream {@code base} takes its 64 random bits from {@code splitMix(base + (i + 1) * GAMMA)}, the
 * SplitMix64 sequence; a dense table's stream is {@code base = splitMix(seed)}, a row's is
 * {@code splitMix(splitMix(seed) + splitMix(key))}. Uniform values use the top 24 bits and lie in {@code [low, high)}
 * (exactly {@code low} when the bounds are equal); normal values use Box-Muller on the two 32-bit halves.
 */
public final class Initializers {
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final double TWO_PI = 2 * Math.PI;

    private Initializers() {
    }

    /** Fills {@code dst[off, off+len)} with elements {@code firstIndex .. firstIndex+len-1} of a dense table. */
    public static void fill(InitializerSpec spec, float[] dst, int off, int len, long firstIndex) {
        fillStream(spec, dst, off, len, splitMix(spec.seed()), firstIndex);
    }

    /** Fills {@code dst[off, off+dim)} with the initial row of sparse key {@code key}. */
    public static void fillRow(InitializerSpec spec, float[] dst, int off, int dim, long key) {
        long base = spec.kind() == InitializerSpec.Kind.UNIFORM || spec.kind() == InitializerSpec.Kind.NORMAL
                ? splitMix(splitMix(spec.seed()) + splitMix(key)) : 0L;
        fillStream(spec, dst, off, dim, base, 0L);
    }

    private static void fillStream(InitializerSpec spec, float[] dst, int off, int len, long base, long first) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        switch (spec.kind()) {
            case ZEROS -> Arrays.fill(dst, off, off + len, 0f);
            case CONSTANT -> Arrays.fill(dst, off, off + len, spec.a());
            case UNIFORM -> fillUniform(spec.a(), spec.b(), dst, off, len, base, first);
            case NORMAL -> fillNormal(spec.a(), spec.b(), dst, off, len, base, first);
        }
    }

    private static void fillUniform(float low, float high, float[] dst, int off, int len, long base, long first) {
        final double width = (double) high - low;
        final float below = low < high ? Math.nextDown(high) : low;
        long state = base + (first + 1) * GAMMA;
        for (int i = 0; i < len; i++, state += GAMMA) {
            double u = (splitMix(state) >>> 40) * 0x1.0p-24;
            // Rounding to float can land on high itself; keep the interval half-open.
            dst[off + i] = Math.min((float) (low + width * u), below);
        }
    }

    private static void fillNormal(float mean, float std, float[] dst, int off, int len, long base, long first) {
        long state = base + (first + 1) * GAMMA;
        for (int i = 0; i < len; i++, state += GAMMA) {
            long bits = splitMix(state);
            double u1 = ((bits >>> 32) + 1) * 0x1.0p-32;          // (0, 1]: log stays finite
            double u2 = (bits & 0xffffffffL) * 0x1.0p-32;
            double z = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(TWO_PI * u2);
            dst[off + i] = (float) (mean + std * z);
        }
    }

    /** The SplitMix64 output function. */
    static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
