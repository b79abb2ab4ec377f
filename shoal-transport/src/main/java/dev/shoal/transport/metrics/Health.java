package dev.shoal.transport.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a node can do its job right now, as {@code /health} reports it: UP (HTTP 200) or DOWN (HTTP 503) with
 * the reason, plus a few facts worth seeing at a glance.
 *
 * <pre>{@code
 * Supplier<Health> health = () -> session.isActive()
 *         ? Health.up().with("viewEpoch", view.epoch())
 *         : Health.down("lost the coordinator at 10.0.0.1:7100");
 * }</pre>
 *
 * @param status  UP when the node works as it should
 * @param reason  why it is DOWN, in one sentence; null when UP
 * @param details small values (numbers, strings) that {@code /health} lists under {@code details}, in order
 */
public record Health(Status status, String reason, Map<String, Object> details) {

    /** The two answers of {@code /health}, as it writes them. */
    public enum Status { UP, DOWN }

    public Health {
        if (status == Status.DOWN && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a DOWN health needs a reason");
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Health up() {
        return new Health(Status.UP, null, Map.of());
    }

    public static Health down(String reason) {
        return new Health(Status.DOWN, reason, Map.of());
    }

    /** This health with one more detail; a detail of the same name is replaced. */
    public Health with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new Health(status, reason, more);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
