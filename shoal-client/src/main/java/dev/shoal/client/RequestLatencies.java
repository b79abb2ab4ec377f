package dev.shoal.client;

import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.stats.LatencyHistograms;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The round-trip times of a worker's requests to the servers, by kind of request, merged over every server.
 *
 * <pre>{@code
 * RequestLatencies l = ps.latencies();
 * double p99PullMicros = LatencyHistograms.percentile(l.pull(), 0.99) / 1e3;
 * Map<String, String> carried = l.encoded();   // {"push": "HISTFAAA...", "pull": ..., "pushpull": "", ...}
 * RequestLatencies back = RequestLatencies.decode(carried);
 * RequestLatencies job = back.plus(otherWorkersSnapshot);
 * }</pre>
 *
 * <p>A sample is one request to one server, timed from the moment the client hands it to the connection to the
 * moment the answer is read off the socket: a push of a tensor cut into k slices, or of sparse keys spread over k
 * servers, is k samples. Only requests answered without error count. The time includes queueing in the client's
 * in-flight window, the network both ways and everything the server does before answering, <em>including waiting
 * at its consistency gate</em>: under BSP a pull is answered only once every live worker has finished the round,
 * so its time holds the wait for the slowest worker; under SSP(s) a pull waits while the slowest worker is more
 * than s clocks behind; a BSP push more than one round ahead is held likewise. Under ASP nothing waits.
 *
 * <p>Dense and sparse requests of the same kind are merged: a model's tables are all of one kind today (the MLP's
 * dense, sparse LR's sparse), and the harness reports per kind. {@link Kind#CLOCK} is the end-of-iteration message.
 *
 * <p>Histograms are HdrHistograms of nanoseconds ({@link LatencyHistograms}); {@link #encoded()} carries each in
 * HdrHistogram's compressed base64 form, so a worker's training events hold its whole distribution, which the
 * harness merges exactly over workers. A snapshot is a copy: the client keeps recording into its own histograms;
 * read the ones returned here, do not change them.
 */
public final class RequestLatencies {
    /** What a request does, whatever the table's kind. */
    public enum Kind {
        PUSH("push", MessageType.PUSH_DENSE, MessageType.PUSH_SPARSE),
        PULL("pull", MessageType.PULL_DENSE, MessageType.PULL_SPARSE),
        PUSH_PULL("pushpull", MessageType.PUSH_PULL_DENSE, MessageType.PUSH_PULL_SPARSE),
        CLOCK("clock", MessageType.CLOCK);

        /** The name in {@link #encoded()}. */
        public final String label;
        private final MessageType[] types;

        Kind(String label, MessageType... types) {
            this.label = label;
            this.types = types;
        }

        static Kind ofLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown request kind '" + label + "' (known: push, pull, pushpull, "
                    + "clock)");
        }
    }

    private final Map<Kind, Histogram> byKind;

    private RequestLatencies(Map<Kind, Histogram> byKind) {
        this.byKind = byKind;
    }

    /** No samples of any kind. */
    public static RequestLatencies empty() {
        return new RequestLatencies(emptyMap());
    }

    /** What the connections {@code servers} recorded so far, merged. */
    static RequestLatencies of(RpcClient[] servers) {
        Map<Kind, Histogram> m = emptyMap();
        for (Kind k : Kind.values()) {
            for (RpcClient c : servers) {
                for (MessageType t : k.types) {
                    c.mergeLatencies(t, m.get(k));
                }
            }
        }
        return new RequestLatencies(m);
    }

    private static Map<Kind, Histogram> emptyMap() {
        Map<Kind, Histogram> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, LatencyHistograms.create());
        }
        return m;
    }

    /** The samples of {@code kind}, in nanoseconds. */
    public Histogram of(Kind kind) {
        return byKind.get(kind);
    }

    public Histogram push() {
        return of(Kind.PUSH);
    }

    public Histogram pull() {
        return of(Kind.PULL);
    }

    public Histogram pushPull() {
        return of(Kind.PUSH_PULL);
    }

    public Histogram clock() {
        return of(Kind.CLOCK);
    }

    /** A snapshot holding the samples of both (e.g. of every worker of a job); neither operand changes. */
    public RequestLatencies plus(RequestLatencies other) {
        Map<Kind, Histogram> m = emptyMap();
        for (Kind k : Kind.values()) {
            m.get(k).add(of(k));
            m.get(k).add(other.of(k));
        }
        return new RequestLatencies(m);
    }

    /** Every kind's label to its histogram in {@link LatencyHistograms#encode} form, empty text for no samples. */
    public Map<String, String> encoded() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            m.put(k.label, of(k).getTotalCount() == 0 ? "" : LatencyHistograms.encode(of(k)));
        }
        return m;
    }

    /**
     * The inverse of {@link #encoded()}; missing kinds are empty. An unknown kind or an unreadable histogram is an
     * IllegalArgumentException naming it.
     */
    public static RequestLatencies decode(Map<String, String> encoded) {
        Map<Kind, Histogram> m = emptyMap();
        for (Map.Entry<String, String> e : encoded.entrySet()) {
            Kind k = Kind.ofLabel(e.getKey());
            try {
                m.get(k).add(LatencyHistograms.decode(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(k.label + " latencies: " + bad.getMessage(), bad);
            }
        }
        return new RequestLatencies(m);
    }

    /** {@code push=<base64>;pull=<base64>;pushpull=<base64>;clock=<base64>}: {@link #encoded()} as one token. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        encoded().forEach((kind, text) -> b.append(b.isEmpty() ? "" : ";").append(kind).append('=').append(text));
        return b.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RequestLatencies[");
        for (Kind k : Kind.values()) {
            Histogram h = of(k);
            b.append(k == Kind.PUSH ? "" : ", ").append(k.label).append(" n=").append(h.getTotalCount());
            if (h.getTotalCount() > 0) {
                b.append(String.format(Locale.ROOT, " p50=%.1fus p99=%.1fus",
                        LatencyHistograms.percentile(h, 0.5) / 1e3, LatencyHistograms.percentile(h, 0.99) / 1e3));
            }
        }
        return b.append(']').toString();
    }
}
