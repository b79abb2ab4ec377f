package dev.shoal.bench.pushpull;

/**
 * A figure to beat: the best C++ parameter server measured on the reference machine, and the goal set from it.
 *
 * <pre>{@code
 * for (Target t : Targets.matching(1, 1, workload)) {
 *     double got = t.measured(summary.of(t.op()));
 *     System.out.printf("%s: %.2f of target %.2f %s%n", t.scenario(), got, t.target(), t.unit().symbol());
 * }
 * }</pre>
 *
 * @param scenario human-readable name of the setup
 * @param servers  servers in the setup
 * @param workers  workers in the setup
 * @param sparse   whether it is the sparse mode
 * @param size     dense: table bytes; sparse: keys per request
 * @param window   requests in flight per worker
 * @param op       the measured operation
 * @param unit     what the figures count
 * @param baseline the C++ server's figure
 * @param target   the figure Shoal aims for (1.5 x the baseline unless stated otherwise)
 */
public record Target(String scenario, int servers, int workers, boolean sparse, long size, int window, Op op,
                     Unit unit, double baseline, double target) {

    /** What a target counts and how to read it off a summary. */
    public enum Unit {
        /** 10^9 value bytes per second. */
        GB_PER_S("GB/s"),
        /** 10^6 value bytes per second. */
        MB_PER_S("MB/s"),
        /** Requests per second. */
        OPS_PER_S("ops/s");

        private final String symbol;

        Unit(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Whether this target was set for the given setup. */
    public boolean matches(int servers, int workers, Workload w) {
        long wSize = w.isSparse() ? w.sparseKeys() : w.sizeBytes();
        return this.servers == servers && this.workers == workers && this.sparse == w.isSparse() && size == wSize
                && window == w.window();
    }

    /** The median over runs of {@code s}, in this target's unit. */
    public double measured(OpSummary s) {
        return switch (unit) {
            case GB_PER_S -> s.bytesPerSecond().median() / 1e9;
            case MB_PER_S -> s.bytesPerSecond().median() / 1e6;
            case OPS_PER_S -> s.opsPerSecond().median();
        };
    }
}
