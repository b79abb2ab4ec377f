package dev.shoal.transport.stats;

import dev.shoal.protocol.frame.MessageType;

/**
 * One {@link LatencyHistogram} per message type, each created when its type is first recorded.
 *
 * <pre>{@code
 * LatencyByType times = new LatencyByType();
 * times.record(MessageType.PULL_DENSE.id, 120_000);
 * LatencyHistogram pulls = new LatencyHistogram();
 * times.mergeInto(MessageType.PULL_DENSE, pulls);
 * }</pre>
 *
 * <p>Not thread-safe: the owner ({@code RpcClient}) records and reads under its own lock. A histogram is about
 * 30 KB, so only the types a connection actually carries get one.
 */
public final class LatencyByType {
    private final LatencyHistogram[] byId = new LatencyHistogram[256];

    /** Records one duration for the message type with wire id {@code typeId} (0..255). */
    public void record(int typeId, long nanos) {
        LatencyHistogram h = byId[typeId];
        if (h == null) {
            h = new LatencyHistogram();
            byId[typeId] = h;
        }
        h.record(nanos);
    }

    /** Adds the durations recorded for {@code type} to {@code dst}. */
    public void mergeInto(MessageType type, LatencyHistogram dst) {
        LatencyHistogram h = byId[type.id];
        if (h != null) {
            dst.merge(h);
        }
    }

    /** The number of durations recorded for {@code type}. */
    public long count(MessageType type) {
        LatencyHistogram h = byId[type.id];
        return h == null ? 0 : h.count();
    }
}
