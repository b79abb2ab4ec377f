package dev.shoal.bench.pushpull;

/**
 * The two measured operations, each in its own timed loop.
 *
 * <pre>{@code
 * for (Op op : Op.values()) System.out.println(op.label());   // push, pull
 * }</pre>
 */
public enum Op {
    PUSH, PULL;

    /** The lower-case name used in JSON and tables. */
    public String label() {
        return this == PUSH ? "push" : "pull";
    }
}
