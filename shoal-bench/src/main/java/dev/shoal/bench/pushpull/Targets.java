package dev.shoal.bench.pushpull;

import dev.shoal.bench.pushpull.Target.Unit;
import java.util.List;
import java.util.Locale;

/**
 * The performance targets of {@code shoal bench pushpull}: the one list that both the bench output and the
 * documentation quote.
 *
 * <pre>{@code
 * List<Target> mine = Targets.matching(servers, workers, workload);  // empty for setups without a target
 * Targets.describe().forEach(System.out::println);                  // the whole list, for docs
 * }</pre>
 *
 * <p>Baselines are the best C++ parameter server measured on the reference machine (loopback, 2 cores); targets
 * are 1.5 x those, except the 64 MiB one, which asks for 3.0 GB/s. GB and MB are decimal (10^9, 10^6 bytes).
 */
public final class Targets {
    private static final long MIB = 1 << 20;

    /** Every target, push before pull within a setup. */
    public static final List<Target> ALL = List.of(
            dense("dense 4 MiB, 1x1, window 1", 1, 1, 4 * MIB, 1, Op.PUSH, Unit.GB_PER_S, 2.9, 4.35),
            dense("dense 4 MiB, 1x1, window 1", 1, 1, 4 * MIB, 1, Op.PULL, Unit.GB_PER_S, 2.85, 4.28),
            dense("dense 64 MiB, 1x1, window 1", 1, 1, 64 * MIB, 1, Op.PUSH, Unit.GB_PER_S, 1.25, 3.0),
            dense("dense 64 MiB, 1x1, window 1", 1, 1, 64 * MIB, 1, Op.PULL, Unit.GB_PER_S, 1.25, 3.0),
            dense("dense 4 KiB, 1x1, window 1", 1, 1, 4096, 1, Op.PUSH, Unit.OPS_PER_S, 6_200, 9_300),
            dense("dense 4 KiB, 1x1, window 1", 1, 1, 4096, 1, Op.PULL, Unit.OPS_PER_S, 6_200, 9_300),
            dense("dense 4 KiB, 1x1, window 16", 1, 1, 4096, 16, Op.PUSH, Unit.OPS_PER_S, 56_000, 84_000),
            dense("dense 4 KiB, 1x1, window 16", 1, 1, 4096, 16, Op.PULL, Unit.OPS_PER_S, 56_000, 84_000),
            dense("dense 4 MiB, 2x2, window 1", 2, 2, 4 * MIB, 1, Op.PUSH, Unit.GB_PER_S, 3.7, 5.55),
            dense("dense 4 MiB, 2x2, window 1", 2, 2, 4 * MIB, 1, Op.PULL, Unit.GB_PER_S, 3.7, 5.55),
            sparse("sparse 10M keys x 1 float, 1x1, window 1", 10_000_000, Op.PUSH, 251, 376),
            sparse("sparse 10M keys x 1 float, 1x1, window 1", 10_000_000, Op.PULL, 191, 287));

    private Targets() {
    }

    /** The targets set for this setup, if any. */
    public static List<Target> matching(int servers, int workers, Workload w) {
        return ALL.stream().filter(t -> t.matches(servers, workers, w)).toList();
    }

    /** One line per target, such as {@code dense 4 MiB, 1x1, window 1  push  2.90 GB/s -> 4.35 GB/s}. */
    public static List<String> describe() {
        return ALL.stream().map(t -> String.format(Locale.ROOT, "%-42s %s  C++ %s %s -> target %s %s", t.scenario(),
                t.op().label(), format(t.baseline()), t.unit().symbol(), format(t.target()), t.unit().symbol()))
                .toList();
    }

    private static String format(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Target dense(String scenario, int servers, int workers, long bytes, int window, Op op, Unit unit,
                                double baseline, double target) {
        return new Target(scenario, servers, workers, false, bytes, window, op, unit, baseline, target);
    }

    private static Target sparse(String scenario, long keys, Op op, double baseline, double target) {
        return new Target(scenario, 1, 1, true, keys, 1, op, Unit.MB_PER_S, baseline, target);
    }
}
