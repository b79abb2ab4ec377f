package dev.shoal.cli.node;

/**
 * A {@code host:port} flag value, parsed once with a clear message when it is not one.
 *
 * <pre>{@code
 * Endpoint c = Endpoint.parse("10.0.0.1:7100");   // IllegalArgumentException naming the text if malformed
 * }</pre>
 */
public record Endpoint(String host, int port) {

    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        try {
            return new Endpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port with a numeric port, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
