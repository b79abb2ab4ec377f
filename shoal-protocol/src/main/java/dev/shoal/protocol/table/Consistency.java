package dev.shoal.protocol.table;

/**
 * When a worker may read and when a push takes effect.
 *
 * <pre>{@code
 * Consistency bsp = Consistency.bsp();
 * Consistency ssp = Consistency.ssp(3);   // at most 3 clocks ahead of the slowest live worker
 * Consistency asp = Consistency.asp();
 * }</pre>
 *
 * <p>BSP is SSP with staleness 0 plus aggregation: the server sums the pushes of clock {@code t} from every
 * live worker and applies their average once, when the last worker ends clock {@code t}. SSP and ASP apply
 * pushes on arrival; ASP never makes a pull wait.
 *
 * @param mode      the rule
 * @param staleness for SSP, how many clocks a worker may run ahead of the slowest live worker; 0 for BSP
 */
public record Consistency(Mode mode, int staleness) {

    /** The three rules. Ids are part of the wire format: never renumber. */
    public enum Mode {
        BSP(0), SSP(1), ASP(2);

        public final int id;

        Mode(int id) {
            this.id = id;
        }

        public static Mode ofId(int id) {
            for (Mode m : values()) {
                if (m.id == id) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown consistency mode id " + id);
        }
    }

    public Consistency {
        if (mode == null) {
            throw new IllegalArgumentException("consistency mode is required");
        }
        if (staleness < 0) {
            throw new IllegalArgumentException("staleness must be >= 0, got " + staleness);
        }
        if (mode != Mode.SSP) {
            staleness = 0;
        }
    }

    public static Consistency bsp() {
        return new Consistency(Mode.BSP, 0);
    }

    public static Consistency ssp(int staleness) {
        return new Consistency(Mode.SSP, staleness);
    }

    public static Consistency asp() {
        return new Consistency(Mode.ASP, 0);
    }

    /**
     * Parses {@code bsp}, {@code asp} or {@code ssp:N} (also {@code ssp(N)}), as written on the command line.
     */
    public static Consistency parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("bsp")) {
            return bsp();
        }
        if (t.equals("asp")) {
            return asp();
        }
        if (t.startsWith("ssp")) {
            String n = t.substring(3).replaceAll("[:()=\\s]", "");
            if (!n.isEmpty()) {
                try {
                    return ssp(Integer.parseInt(n));
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
            }
        }
        throw new IllegalArgumentException("consistency must be bsp, asp or ssp:N (e.g. ssp:3), got '" + text + "'");
    }

    /** True when pushes are summed per clock and applied once per round. */
    public boolean aggregates() {
        return mode == Mode.BSP;
    }

    /** True when a pull never waits. */
    public boolean neverWaits() {
        return mode == Mode.ASP;
    }

    @Override
    public String toString() {
        return mode == Mode.SSP ? "ssp:" + staleness : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
