package dev.shoal.eval.netem;

/**
 * The emulated network cannot be set up, or a command it ran failed; the message says what to do about it.
 *
 * <pre>{@code
 * try (EmulatedNetwork net = EmulatedNetwork.create(5, LinkRate.parse("1gbit"))) {
 *     ...
 * } catch (NetworkEmulationException e) {
 *     System.err.println(e.getMessage());   // e.g. "the emulated network must run as root (uid 0) ..."
 * }
 * }</pre>
 */
public final class NetworkEmulationException extends RuntimeException {
    public NetworkEmulationException(String message) {
        super(message);
    }

    public NetworkEmulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
