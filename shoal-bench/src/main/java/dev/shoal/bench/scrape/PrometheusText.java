package dev.shoal.bench.scrape;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the Prometheus text exposition format (what a server's {@code /metrics} answers) into samples by series.
 *
 * <pre>{@code
 * Map<Series, Double> s = PrometheusText.fetch(URI.create("http://10.0.0.2:9101/metrics"), Duration.ofSeconds(5));
 * double pushed = PrometheusText.value(s, Series.of("shoal_server_push_bytes_total"));
 * BucketHistogram staleness = BucketHistogram.of(s, "shoal_server_staleness_clocks");
 * }</pre>
 *
 * <p>Comments ({@code # HELP}, {@code # TYPE}, {@code # EOF}) and blank lines are skipped; a sample's optional
 * timestamp is ignored. Label values may hold escaped quotes, backslashes and newlines, and commas or braces.
 * Values {@code +Inf}, {@code -Inf} and {@code NaN} are read as such. A line that is none of these is an
 * IllegalArgumentException naming its line number.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** Every sample of {@code body}, in the order they appear; a series given twice is an error. */
    public static Map<Series, Double> parse(String body) {
        Map<Series, Double> out = new LinkedHashMap<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            SampleLine sample = new SampleLine(line, i + 1);
            sample.read();
            if (out.put(sample.series, sample.value) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + sample.series + " appears twice");
            }
        }
        return out;
    }

    /**
     * GETs {@code uri} and parses the answer. The timeout bounds the whole exchange, connecting included; failures
     * are IOExceptions naming the URI: refused or unreachable, no complete answer in time, a status other than 200.
     */
    public static Map<Series, Double> fetch(URI uri, Duration timeout) throws IOException {
        HttpResponse<String> r = get(uri, timeout);
        if (r.statusCode() != 200) {
            throw new IOException("scraping " + uri + ": HTTP " + r.statusCode() + " " + firstLine(r.body()));
        }
        return parse(r.body());
    }

    private static HttpResponse<String> get(URI uri, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        try {
            // The request's own timeout stops at the headers; waiting on the future bounds the body too.
            return http.sendAsync(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("scraping " + uri + ": no complete answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new IOException("scraping " + uri + ": " + why(e.getCause(), uri, timeout), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while scraping " + uri);
        } finally {
            http.shutdownNow();
        }
    }

    private static String why(Throwable cause, URI uri, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return "cannot resolve host " + uri.getHost();
        }
        if (cause instanceof ConnectException) {
            // The JDK client's ConnectException carries no message: a refusal and a reset look alike.
            return "cannot connect" + (cause.getMessage() == null ? " (nothing listening, or refused)"
                    : " (" + cause.getMessage() + ")");
        }
        return cause.toString();
    }

    private static String firstLine(String body) {
        int nl = body.indexOf('\n');
        String first = nl < 0 ? body : body.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }

    /** The value of {@code series}; an IllegalArgumentException naming it when the scrape does not hold it. */
    public static double value(Map<Series, Double> samples, Series series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new IllegalArgumentException("the scrape holds no " + series);
        }
        return v;
    }

    /** A sample value or {@code le} bound: a decimal number, {@code +Inf}, {@code -Inf} or {@code NaN}. */
    static double parseValue(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** Reads one sample line: {@code name[{label="value",...}] value [timestamp]}. */
    private static final class SampleLine {
        private final String line;
        private final int number;
        private int pos;
        Series series;
        double value;

        SampleLine(String line, int number) {
            this.line = line;
            this.number = number;
        }

        void read() {
            String name = identifier("metric name");
            TreeMap<String, String> labels = new TreeMap<>();
            if (peek() == '{') {
                pos++;
                readLabels(labels);
            }
            series = new Series(name, labels);
            skipSpaces();
            String token = token();
            if (token.isEmpty()) {
                throw error("expected a value");
            }
            try {
                value = parseValue(token);
            } catch (NumberFormatException e) {
                throw error("'" + token + "' is not a number");
            }
        }

        private void readLabels(TreeMap<String, String> labels) {
            skipSpaces();
            while (peek() != '}') {
                String label = identifier("label name");
                skipSpaces();
                expect('=');
                skipSpaces();
                expect('"');
                if (labels.put(label, quoted()) != null) {
                    throw error("label " + label + " appears twice");
                }
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                    skipSpaces();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            pos++;
        }

        /** The rest of a quoted label value, its closing quote consumed, escapes resolved. */
        private String quoted() {
            StringBuilder b = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && pos < line.length()) {
                    char e = line.charAt(pos++);
                    b.append(e == 'n' ? '\n' : e);
                } else {
                    b.append(c);
                }
            }
            throw error("label value has no closing quote");
        }

        private String identifier(String what) {
            int start = pos;
            while (pos < line.length() && isNameChar(line.charAt(pos), pos == start)) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a " + what);
            }
            return line.substring(start, pos);
        }

        private static boolean isNameChar(char c, boolean first) {
            return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (!first && c >= '0' && c <= '9');
        }

        private String token() {
            int start = pos;
            while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
                pos++;
            }
            return line.substring(start, pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < line.length() ? line.charAt(pos) : '\0';
        }

        private void skipSpaces() {
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("line " + number + ", column " + (pos + 1) + ": " + what + " in '"
                    + line + "'");
        }
    }
}
