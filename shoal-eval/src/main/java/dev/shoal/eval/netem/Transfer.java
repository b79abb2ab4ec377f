package dev.shoal.eval.netem;

import java.time.Duration;
import java.util.Locale;

/**
 * What one TCP stream carried between two emulated nodes: payload bytes and the time until all had arrived.
 *
 * <pre>{@code
 * Transfer t = net.measure(0, 1, Duration.ofSeconds(2));
 * t.bitsPerSecond();   // about 0.956 of the link rate: Ethernet, IP and TCP headers take the rest
 * t.toString();        // "956.1 Mbit/s (361496576 B in 3.02 s)"
 * }</pre>
 */
public record Transfer(long bytes, Duration elapsed) {

    public double bitsPerSecond() {
        return bytes * 8.0 / (elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f Mbit/s (%d B in %.2f s)", bitsPerSecond() / 1e6, bytes,
                elapsed.toNanos() / 1e9);
    }
}
