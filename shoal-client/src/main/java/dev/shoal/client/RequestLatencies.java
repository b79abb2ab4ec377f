package dev.shoal.client;

import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.stats.LatencyHistogram;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The round-trip times of a worker's requests to the servers, by kind of request, merged over every server.
 *
 * <pre>{@code
 * RequestLatencies l = ps.latencies();
 * double p99PullMicros = l.pull().percentile(0.99) / 1e3;
 * String line = l.toText();                   // push=737:4,741:2;pull=752:6;pushpull=;clock=700:3
 * RequestLatencies back = RequestLatencies.parse(line);
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
 * <p>{@link #toText()} is one token (no spaces) for one log line: {@code kind=index:count,...} per kind, kinds
 * separated by {@code ;}, buckets as numbered by {@link LatencyHistogram#toPairs()}. A snapshot is a copy: the
 * client keeps recording into its own histograms; read the ones returned here, do not change them.
 */
public final class RequestLatencies {
    /** What a request does, whatever the table's kind. */
    public enum Kind {
        PUSH("push", MessageType.PUSH_DENSE, MessageType.PUSH_SPARSE),
        PULL("pull", MessageType.PULL_DENSE, MessageType.PULL_SPARSE),
        PUSH_PULL("pushpull", MessageType.PUSH_PULL_DENSE, MessageType.PUSH_PULL_SPARSE),
        CLOCK("clock", MessageType.CLOCK);

        /** The name in {@link #toText()}. */
        public final String label;
        private final MessageType[] types;

        Kind(String label, MessageType... types) {
            this.label = label;
            this.types = types;
        }

        static Kind ofLabel(String label, String text) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown request kind '" + label + "' in '" + text + "' (known: push, "
                    + "pull, pushpull, clock)");
        }
    }

    private final Map<Kind, LatencyHistogram> byKind;

    private RequestLatencies(Map<Kind, LatencyHistogram> byKind) {
        this.byKind = byKind;
    }

    /** No samples of any kind. */
    public static RequestLatencies empty() {
        return new RequestLatencies(emptyMap());
    }

    /** What the connections {@code servers} recorded so far, merged. */
    static RequestLatencies of(RpcClient[] servers) {
        Map<Kind, LatencyHistogram> m = emptyMap();
        for (Kind k : Kind.values()) {
            for (RpcClient c : servers) {
                for (MessageType t : k.types) {
                    c.mergeLatencies(t, m.get(k));
                }
            }
        }
        return new RequestLatencies(m);
    }

    private static Map<Kind, LatencyHistogram> emptyMap() {
        Map<Kind, LatencyHistogram> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, new LatencyHistogram());
        }
        return m;
    }

    /** The samples of {@code kind}, in nanoseconds. */
    public LatencyHistogram of(Kind kind) {
        return byKind.get(kind);
    }

    public LatencyHistogram push() {
        return of(Kind.PUSH);
    }

    public LatencyHistogram pull() {
        return of(Kind.PULL);
    }

    public LatencyHistogram pushPull() {
        return of(Kind.PUSH_PULL);
    }

    public LatencyHistogram clock() {
        return of(Kind.CLOCK);
    }

    /** A snapshot holding the samples of both (e.g. of every worker of a job); neither operand changes. */
    public RequestLatencies plus(RequestLatencies other) {
        Map<Kind, LatencyHistogram> m = emptyMap();
        for (Kind k : Kind.values()) {
            m.get(k).merge(of(k));
            m.get(k).merge(other.of(k));
        }
        return new RequestLatencies(m);
    }

    /** {@code push=<buckets>;pull=<buckets>;pushpull=<buckets>;clock=<buckets>}, buckets as {@code index:count,...}. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (Kind k : Kind.values()) {
            b.append(b.isEmpty() ? "" : ";").append(k.label).append('=').append(of(k).toText());
        }
        return b.toString();
    }

    /**
     * The inverse of {@link #toText()}. Kinds may come in any order and missing ones are empty; an unknown or
     * repeated kind, or an unreadable bucket, is an IllegalArgumentException quoting the text.
     */
    public static RequestLatencies parse(String text) {
        Map<Kind, LatencyHistogram> m = new EnumMap<>(Kind.class);
        for (String part : text.strip().split(";")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + part + "' is not kind=buckets in '" + text + "'");
            }
            Kind k = Kind.ofLabel(part.substring(0, eq), text);
            if (m.put(k, LatencyHistogram.parseText(part.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("request kind '" + k.label + "' appears twice in '" + text + "'");
            }
        }
        for (Kind k : Kind.values()) {
            m.computeIfAbsent(k, x -> new LatencyHistogram());
        }
        return new RequestLatencies(m);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RequestLatencies[");
        for (Kind k : Kind.values()) {
            LatencyHistogram h = of(k);
            b.append(k == Kind.PUSH ? "" : ", ").append(k.label).append(" n=").append(h.count());
            if (h.count() > 0) {
                b.append(String.format(Locale.ROOT, " p50=%.1fus p99=%.1fus", h.percentile(0.5) / 1e3,
                        h.percentile(0.99) / 1e3));
            }
        }
        return b.append(']').toString();
    }
}
