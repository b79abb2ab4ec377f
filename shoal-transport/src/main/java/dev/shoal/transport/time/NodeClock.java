package dev.shoal.transport.time;

import java.time.Duration;

/**
 * The one source of time of a node: request deadlines, the join backoff, heartbeat liveness and round-trip
 * timings all read it, so that tests run them on a {@link ManualClock} instead of waiting real seconds.
 *
 * <pre>{@code
 * NodeClock clock = NodeClock.system();
 * long deadline = clock.nanoTime() + Duration.ofSeconds(10).toNanos();
 * while (clock.nanoTime() - deadline < 0) {
 *     clock.sleep(Duration.ofMillis(100));
 * }
 * }</pre>
 *
 * <p>Only a monotonic reading: everything Shoal times is an interval (a deadline, a silence, a round trip), and a
 * wall clock may jump (NTP, a suspended VM) and fire every deadline at once. Compare readings by subtraction
 * ({@code a - b < 0}), as with {@link System#nanoTime()}.
 */
public interface NodeClock {

    /** Nanoseconds from an arbitrary origin; never goes back. */
    long nanoTime();

    /** Waits {@code d}: the real clock sleeps, a manual clock moves itself forward by {@code d} at once. */
    void sleep(Duration d) throws InterruptedException;

    /** {@link System#nanoTime()} and {@link Thread#sleep}. */
    static NodeClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock. */
    enum SystemClock implements NodeClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d);
        }
    }
}
