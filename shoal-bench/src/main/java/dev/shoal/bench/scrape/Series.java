package dev.shoal.bench.scrape;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One time series of a Prometheus scrape: a metric name and its labels, compared by value whatever the labels'
 * order in the text.
 *
 * <pre>{@code
 * Map<Series, Double> samples = PrometheusText.parse(body);
 * double refused = samples.get(Series.of("shoal_server_refused_total", "code", "NOT_OWNER"));
 * }</pre>
 *
 * @param name   the metric name as exposed, e.g. {@code shoal_server_staleness_clocks_bucket}
 * @param labels label name to value, sorted by name, unmodifiable
 */
public record Series(String name, SortedMap<String, String> labels) {

    public Series {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** A series from its name and label pairs: {@code of("m_total", "code", "NOT_OWNER")}. */
    public static Series of(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels of " + name + " must come in name, value pairs, got "
                    + labelPairs.length + " strings");
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Series(name, labels);
    }

    /** The same series with {@code label} removed, e.g. a bucket's series without its {@code le}. */
    public Series without(String label) {
        TreeMap<String, String> rest = new TreeMap<>(labels);
        rest.remove(label);
        return new Series(name, rest);
    }

    /** As in the exposition format: {@code name{a="x",b="y"}}, or just the name without labels. */
    @Override
    public String toString() {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        for (Map.Entry<String, String> e : labels.entrySet()) {
            b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(e.getKey()).append("=\"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return b.append('}').toString();
    }
}
