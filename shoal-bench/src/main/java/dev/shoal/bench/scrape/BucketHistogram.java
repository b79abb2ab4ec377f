package dev.shoal.bench.scrape;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram of a scrape, turned from cumulative {@code _bucket{le=...}} counts into the number of
 * samples in each bucket.
 *
 * <pre>{@code
 * BucketHistogram h = BucketHistogram.of(PrometheusText.parse(body), "shoal_server_staleness_clocks");
 * NavigableMap<Long, Long> pullsByStaleness = h.perWholeValue();   // {0=812, 1=140, 2=48}
 * long staler = h.beyondLastBound();                                // staleness above 32
 * }</pre>
 *
 * <p>Bucket {@code le=b} holds the samples in {@code (previous bound, b]}. For an integer-valued metric with one
 * bucket per whole value, as {@code shoal_server_staleness_clocks} (bounds 0.5, 1, 2, .., 32), each finite
 * bucket holds exactly one value, {@code floor(b)}: {@link #perWholeValue()}.
 *
 * @param perBucket samples per bucket by upper bound, ascending, the last {@code +Inf}; unmodifiable
 */
public record BucketHistogram(NavigableMap<Double, Long> perBucket) {

    public BucketHistogram {
        perBucket = Collections.unmodifiableNavigableMap(new TreeMap<>(perBucket));
    }

    /** The histogram {@code name} (without {@code _bucket}) whose series carry no label but {@code le}. */
    public static BucketHistogram of(Map<Series, Double> samples, String name) {
        return of(samples, Series.of(name));
    }

    /**
     * The histogram of {@code series} (its name without {@code _bucket}, its labels but {@code le}). Fails naming
     * the series when the scrape has no bucket of it, no {@code +Inf} bucket, or counts that are not cumulative.
     */
    public static BucketHistogram of(Map<Series, Double> samples, Series series) {
        String bucketName = series.name() + "_bucket";
        TreeMap<Double, Long> cumulative = new TreeMap<>();
        for (Map.Entry<Series, Double> e : samples.entrySet()) {
            Series s = e.getKey();
            if (s.name().equals(bucketName) && s.labels().containsKey("le")
                    && s.without("le").labels().equals(series.labels())) {
                cumulative.put(PrometheusText.parseValue(s.labels().get("le")), Math.round(e.getValue()));
            }
        }
        if (cumulative.isEmpty() || cumulative.lastKey() != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the scrape holds " + (cumulative.isEmpty() ? "no buckets" : "no +Inf "
                    + "bucket") + " of " + series + " (series " + bucketName + "{le=...})");
        }
        return new BucketHistogram(differences(cumulative, series));
    }

    private static NavigableMap<Double, Long> differences(TreeMap<Double, Long> cumulative, Series series) {
        NavigableMap<Double, Long> per = new TreeMap<>();
        long previous = 0;
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() < previous) {
                throw new IllegalArgumentException("buckets of " + series + " are not cumulative: le=" + e.getKey()
                        + " holds " + e.getValue() + " after " + previous);
            }
            per.put(e.getKey(), e.getValue() - previous);
            previous = e.getValue();
        }
        return per;
    }

    /** Every sample counted, as the {@code +Inf} bucket says. */
    public long count() {
        long n = 0;
        for (long c : perBucket.values()) {
            n += c;
        }
        return n;
    }

    /** Samples above the largest finite bound. */
    public long beyondLastBound() {
        return perBucket.get(Double.POSITIVE_INFINITY);
    }

    /**
     * For an integer-valued metric with a bucket per whole value: samples by value ({@code floor} of the bucket's
     * bound), finite buckets only (see {@link #beyondLastBound()}). The first bucket counts as its bound's value
     * (the metric is assumed not to go below it, as staleness does not go below 0). Fails when a bucket spans
     * several whole values.
     */
    public NavigableMap<Long, Long> perWholeValue() {
        NavigableMap<Long, Long> out = new TreeMap<>();
        for (Map.Entry<Double, Long> e : perBucket.headMap(Double.POSITIVE_INFINITY, false).entrySet()) {
            long value = (long) Math.floor(e.getKey());
            if (!out.isEmpty() && value != out.lastKey() + 1) {
                throw new IllegalStateException("bounds " + perBucket.keySet() + " are not one per whole value: "
                        + "le=" + e.getKey() + " follows a bucket of value " + out.lastKey());
            }
            out.put(value, e.getValue());
        }
        return out;
    }
}
