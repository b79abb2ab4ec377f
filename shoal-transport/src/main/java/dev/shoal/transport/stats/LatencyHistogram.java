package dev.shoal.transport.stats;

/**
 * A fixed-size, mergeable histogram of non-negative durations in nanoseconds with under 1.6% relative error.
 *
 * <pre>{@code
 * LatencyHistogram h = new LatencyHistogram();
 * long t0 = System.nanoTime();
 * table.push(grad);
 * h.record(System.nanoTime() - t0);
 * double medianMicros = h.percentile(0.5) / 1e3;
 * }</pre>
 *
 * <p>Values below 128 ns get a bucket each; above, every power of two is split into 64 equal buckets. Recording is
 * an array increment, so a timed loop can record every operation without allocating, and the histograms of
 * several workers merge exactly, which pooled percentiles need (a median of medians is not a median).
 */
public final class LatencyHistogram {
    private static final int LINEAR = 128;
    private static final int SUB = 64;
    /**
     * Bucket indices run from 0 to BUCKETS - 1: the largest long has magnitude 62, so its bucket is
     * {@code (62 - 6) * SUB + 127}.
     */
    public static final int BUCKETS = (62 - 6) * SUB + 2 * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Records one duration; negative values (a clock hiccup) count as zero. */
    public void record(long nanos) {
        counts[indexOf(Math.max(0, nanos))]++;
        total++;
    }

    /** Records {@code n} occurrences of the bucket with the given index, as read back from {@link #toPairs()}. */
    public void addBucket(int index, long n) {
        if (index < 0 || index >= BUCKETS || n < 0) {
            throw new IllegalArgumentException("bad histogram bucket " + index + " x " + n);
        }
        counts[index] += n;
        total += n;
    }

    /** A histogram holding the same values as this one. */
    public LatencyHistogram copy() {
        LatencyHistogram h = new LatencyHistogram();
        h.merge(this);
        return h;
    }

    /** Adds every value of {@code other} to this histogram. */
    public void merge(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    public long count() {
        return total;
    }

    /**
     * The value at quantile {@code q} in [0, 1] (nearest rank, reported as the middle of its bucket), or NaN when
     * nothing was recorded.
     */
    public double percentile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return midpointOf(i);
            }
        }
        throw new IllegalStateException("histogram total " + total + " disagrees with its buckets");
    }

    /** Non-empty buckets as {@code index, count, index, count, ...}: compact enough to ship on one line. */
    public long[] toPairs() {
        int n = 0;
        for (long c : counts) {
            n += c == 0 ? 0 : 1;
        }
        long[] out = new long[2 * n];
        int k = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                out[k++] = i;
                out[k++] = counts[i];
            }
        }
        return out;
    }

    /** The inverse of {@link #toPairs()}. */
    public static LatencyHistogram fromPairs(long[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("histogram pairs must come in twos, got " + pairs.length + " numbers");
        }
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < pairs.length; i += 2) {
            h.addBucket(Math.toIntExact(pairs[i]), pairs[i + 1]);
        }
        return h;
    }

    /**
     * Non-empty buckets as {@code index:count,index:count,...} (empty for an empty histogram): no spaces, so it
     * travels as one token of a log line. {@link #parseText} reads it back.
     */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                b.append(b.isEmpty() ? "" : ",").append(i).append(':').append(counts[i]);
            }
        }
        return b.toString();
    }

    /** The inverse of {@link #toText()}; throws IllegalArgumentException naming the part it cannot read. */
    public static LatencyHistogram parseText(String text) {
        LatencyHistogram h = new LatencyHistogram();
        if (text.isEmpty()) {
            return h;
        }
        for (String pair : text.split(",", -1)) {
            int colon = pair.indexOf(':');
            try {
                h.addBucket(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("histogram bucket '" + pair + "' is not index:count in '"
                        + text + "'", e);
            }
        }
        return h;
    }

    static int indexOf(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v);
        int shift = magnitude - 6;
        return shift * SUB + (int) (v >>> shift);
    }

    /** The smallest value, in nanoseconds, that falls in bucket {@code index} (as numbered by {@link #toPairs()}). */
    public static long lowerBoundOf(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = index / SUB - 1;
        return (long) (index % SUB + SUB) << shift;
    }

    /** The value reported for bucket {@code index}: the middle of its range of nanoseconds. */
    public static double midpointOf(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = index / SUB - 1;
        return lowerBoundOf(index) + ((1L << shift) - 1) / 2.0;
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + total + ", p50=" + percentile(0.5) + ", p99=" + percentile(0.99) + "]";
    }
}
