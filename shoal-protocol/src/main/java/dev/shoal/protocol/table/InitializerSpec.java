package dev.shoal.protocol.table;

/**
 * How a table's parameters start: zeros, a constant, uniform or normal noise with a seed.
 *
 * <pre>{@code
 * InitializerSpec w = InitializerSpec.normal(0f, 0.05f, 42);
 * InitializerSpec b = InitializerSpec.zeros();
 * }</pre>
 *
 * <p>Random values are a pure function of (seed, element index) or (seed, key, column), so a table comes out the
 * same whatever the number of servers and whichever server creates which row first.
 *
 * @param kind the distribution
 * @param a    constant value, uniform low bound, or normal mean
 * @param b    uniform high bound or normal standard deviation (unused otherwise)
 * @param seed seed of the counter-based generator
 */
public record InitializerSpec(Kind kind, float a, float b, long seed) {

    /** Ids are part of the wire format: never renumber. */
    public enum Kind {
        ZEROS(0), CONSTANT(1), UNIFORM(2), NORMAL(3);

        public final int id;

        Kind(int id) {
            this.id = id;
        }

        public static Kind ofId(int id) {
            for (Kind k : values()) {
                if (k.id == id) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown initializer id " + id);
        }
    }

    public InitializerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("initializer kind is required");
        }
        if (kind == Kind.UNIFORM && !(a <= b)) {
            throw new IllegalArgumentException("uniform initializer needs low <= high, got [" + a + ", " + b + "]");
        }
        if (kind == Kind.NORMAL && !(b >= 0)) {
            throw new IllegalArgumentException("normal initializer needs stddev >= 0, got " + b);
        }
    }

    public static InitializerSpec zeros() {
        return new InitializerSpec(Kind.ZEROS, 0f, 0f, 0L);
    }

    public static InitializerSpec constant(float value) {
        return new InitializerSpec(Kind.CONSTANT, value, 0f, 0L);
    }

    public static InitializerSpec uniform(float low, float high, long seed) {
        return new InitializerSpec(Kind.UNIFORM, low, high, seed);
    }

    public static InitializerSpec normal(float mean, float stddev, long seed) {
        return new InitializerSpec(Kind.NORMAL, mean, stddev, seed);
    }
}
