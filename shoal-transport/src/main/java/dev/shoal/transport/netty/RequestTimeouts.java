package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.MessageType;
import java.time.Duration;

/**
 * How long each kind of request may wait for its answer before it fails with {@code RequestTimeoutException}.
 * Every request sent through an {@code RpcClient} has a deadline; this gives the default per kind.
 *
 * <pre>{@code
 * RequestTimeouts t = RequestTimeouts.defaults().withPull(Duration.ofMinutes(20));   // hour-long BSP steps
 * TransportOptions o = TransportOptions.defaults().withRequestTimeouts(t);
 * }</pre>
 *
 * <p>A deadline exists to notice a peer that is gone without saying so (a host that vanished never closes its
 * TCP connections), so the defaults err long: a deadline that is too short fails a healthy job, one that is too
 * long only reports a dead peer later.
 *
 * @param control REGISTER, HEARTBEAT, LEAVE, ECHO: answered at once by a live peer (default 10 s)
 * @param tables  CREATE_TABLE, OPEN_TABLE, INSTALL_TABLE: the coordinator waits up to 60 s for every server to
 *                allocate its part, so the default, 90 s, lets its own, more precise error arrive first
 * @param push    PUSH_DENSE, PUSH_SPARSE, REPLICATE, STATE, ROUND_CLOSE: applied or accumulated without waiting
 *                for other workers (default 60 s: a multi-MiB push queued behind others on a slow link)
 * @param pull    PULL_*, PUSH_PULL_*, CLOCK: a pull may wait at the consistency gate for the slowest worker's step
 *                (BSP, SSP), and a CLOCK for the round before to be held by every replica (replicated BSP), so the
 *                default is 5 min
 */
public record RequestTimeouts(Duration control, Duration tables, Duration push, Duration pull) {

    public RequestTimeouts {
        for (Duration d : new Duration[] {control, tables, push, pull}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("request timeouts must be positive, got " + d);
            }
        }
    }

    public static RequestTimeouts defaults() {
        return new RequestTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofSeconds(60),
                Duration.ofMinutes(5));
    }

    /** The same deadline for every kind (tests, or a job that wants one knob). */
    public static RequestTimeouts all(Duration d) {
        return new RequestTimeouts(d, d, d, d);
    }

    public RequestTimeouts withControl(Duration d) {
        return new RequestTimeouts(d, tables, push, pull);
    }

    public RequestTimeouts withTables(Duration d) {
        return new RequestTimeouts(control, d, push, pull);
    }

    public RequestTimeouts withPush(Duration d) {
        return new RequestTimeouts(control, tables, d, pull);
    }

    public RequestTimeouts withPull(Duration d) {
        return new RequestTimeouts(control, tables, push, d);
    }

    /** The deadline of a request of {@code type}; an unknown type gets the control one. */
    public Duration of(MessageType type) {
        if (type == null) {
            return control;
        }
        return switch (type) {
            case CREATE_TABLE, OPEN_TABLE, INSTALL_TABLE -> tables;
            case PUSH_DENSE, PUSH_SPARSE, REPLICATE, STATE, ROUND_CLOSE -> push;
            case PULL_DENSE, PULL_SPARSE, PUSH_PULL_DENSE, PUSH_PULL_SPARSE, CLOCK, CATCH_UP, SYNC -> pull;
            case REGISTER, HEARTBEAT, LEAVE, ECHO, CLUSTER_VIEW -> control;
        };
    }

    /**
     * What to tell a person when a request of type {@code typeId} to {@code peer} missed its deadline of
     * {@code timeoutNanos}: the kind, the peer, the deadline, what it means and which knob raises it.
     */
    public static String overdue(int typeId, String peer, long timeoutNanos) {
        MessageType type = MessageType.ofId(typeId);
        String kind = type == null ? "request type " + typeId : type.name();
        long millis = Duration.ofNanos(timeoutNanos).toMillis();
        String deadline = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        return kind + " to " + peer + " got no answer within its deadline of " + deadline + "; the peer is gone or "
                + "stuck, so the connection is closed. If it is only slow, raise its deadline: " + flagOf(knobOf(type))
                + "RequestTimeouts." + knobOf(type) + " (ClientConfig.withRequestTimeouts)";
    }

    /** The command-line flag that sets deadline {@code knob}, where a worker has one, and " or ". */
    private static String flagOf(String knob) {
        return knob.equals("push") || knob.equals("pull") ? "'shoal worker --" + knob + "-timeout-s' or " : "";
    }

    /** Which field of this record sets the deadline of {@code type}. */
    private static String knobOf(MessageType type) {
        if (type == null) {
            return "control";
        }
        return switch (type) {
            case CREATE_TABLE, OPEN_TABLE, INSTALL_TABLE -> "tables";
            case PUSH_DENSE, PUSH_SPARSE, REPLICATE, STATE, ROUND_CLOSE -> "push";
            case PULL_DENSE, PULL_SPARSE, PUSH_PULL_DENSE, PUSH_PULL_SPARSE, CLOCK, CATCH_UP, SYNC -> "pull";
            case REGISTER, HEARTBEAT, LEAVE, ECHO, CLUSTER_VIEW -> "control";
        };
    }
}
