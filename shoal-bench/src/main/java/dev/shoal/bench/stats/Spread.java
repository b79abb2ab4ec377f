package dev.shoal.bench.stats;

import java.util.Arrays;

/**
 * How a figure varied over repeated runs: median, extremes and relative inter-quartile range.
 *
 * <pre>{@code
 * Spread s = Spread.of(new double[] {2.71, 2.80, 2.76, 2.90, 2.74});
 * System.out.printf("%.2f GB/s (min %.2f, max %.2f, IQR %.1f%%)%n", s.median(), s.min(), s.max(),
 *         100 * s.relativeIqr());
 * }</pre>
 *
 * <p>Quantiles interpolate linearly between order statistics (type 7, as in R and NumPy), so that five runs give
 * a meaningful IQR instead of snapping to whole samples.
 *
 * @param values      the values, in run order
 * @param median      the middle value
 * @param min         the smallest value
 * @param max         the largest value
 * @param relativeIqr (Q3 - Q1) / median, or 0 when the median is 0
 */
public record Spread(double[] values, double median, double min, double max, double relativeIqr) {

    /** The spread of {@code values}, which must not be empty. */
    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = quantileOfSorted(sorted, 0.5);
        double iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
        return new Spread(values.clone(), median, sorted[0], sorted[sorted.length - 1],
                median == 0 ? 0 : iqr / median);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int runs() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spread s && Arrays.equals(values, s.values) && median == s.median && min == s.min
                && max == s.max && relativeIqr == s.relativeIqr;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Spread[values=" + Arrays.toString(values) + ", median=" + median + ", min=" + min + ", max=" + max
                + ", relativeIqr=" + relativeIqr + "]";
    }

    /** The quantile {@code q} in [0, 1] of {@code values}, interpolated linearly. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, q);
    }

    static double quantileOfSorted(double[] sorted, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Scales every figure, e.g. from bytes/s to GB/s; the relative IQR does not change. */
    public Spread scaled(double factor) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return new Spread(v, median * factor, min * factor, max * factor, relativeIqr);
    }
}
