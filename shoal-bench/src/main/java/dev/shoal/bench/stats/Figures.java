package dev.shoal.bench.stats;

import java.util.Locale;

/**
 * How the benchmarks print a figure: about three significant digits, thousands grouped.
 *
 * <pre>{@code
 * Figures.format(2.912);    // "2.91"
 * Figures.format(6212.4);   // "6,212"
 * Figures.format(Double.NaN);   // "-"
 * }</pre>
 */
public final class Figures {
    private Figures() {
    }

    /** 0.028, 2.91, 57.3, 6,210; {@code -} for NaN or an infinity (a figure that was not measured). */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        String pattern = a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
