package dev.shoal.cli.node;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code host:port} flag value, parsed once with a clear message when it is not one.
 *
 * <pre>{@code
 * Endpoint c = Endpoint.parse("10.0.0.1:7100");   // IllegalArgumentException naming the text if malformed
 * @Option(names = "--coordinator", converter = Endpoint.Converter.class) Endpoint coordinator;
 * }</pre>
 */
public record Endpoint(String host, int port) {

    public static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected host:port, e.g. 10.0.0.1:7100, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port with a numeric port, got '" + text + "'");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("the port of '" + text + "' must be in [1, 65535]");
        }
        return new Endpoint(text.substring(0, colon), port);
    }

    /** Parses an option's value, so that a malformed address is a usage error before anything starts. */
    public static final class Converter implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
