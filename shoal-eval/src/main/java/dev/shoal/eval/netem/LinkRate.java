package dev.shoal.eval.netem;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate of an emulated node's link in each direction, in bits per second, or {@link #NONE} for an unshaped
 * link. Units are decimal, as in {@code tc}: {@code 1gbit} is 10^9 bit/s.
 *
 * <pre>{@code
 * LinkRate r = LinkRate.parse("10gbit");   // also "100mbit", "2.5gbit", "800kbit", "1000000bit", "none"
 * r.bitsPerSecond();                       // 10_000_000_000
 * r.toString();                            // "10gbit"
 * }</pre>
 *
 * <p>The rate counts whole Ethernet frames (headers included, preamble and inter-frame gap not), so a TCP
 * stream over a 1500-byte MTU gets about 1448 / 1514 = 95.6 % of it as payload.
 */
public record LinkRate(long bitsPerSecond) {
    /** No shaping: the link goes as fast as the veth pair and the CPU allow. */
    public static final LinkRate NONE = new LinkRate(0);

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)bit");
    private static final long K = 1_000;
    private static final long M = 1_000_000;
    private static final long G = 1_000_000_000;

    public LinkRate {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("a link rate cannot be negative, got " + bitsPerSecond);
        }
    }

    public static LinkRate ofBitsPerSecond(long bitsPerSecond) {
        if (bitsPerSecond == 0) {
            throw new IllegalArgumentException("a link rate must be positive; use LinkRate.NONE for no shaping");
        }
        return new LinkRate(bitsPerSecond);
    }

    /** Parses {@code none} or a number with a unit {@code bit}, {@code kbit}, {@code mbit} or {@code gbit}. */
    public static LinkRate parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a link rate such as 100mbit, 1gbit, 10gbit or none, got '"
                    + text + "'");
        }
        BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit(m.group(2))));
        if (bits.signum() == 0 || bits.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("a link rate must be a positive whole number of bit/s, got '"
                    + text + "'");
        }
        try {
            return ofBitsPerSecond(bits.longValueExact());
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("link rate '" + text + "' is too large", tooLarge);
        }
    }

    public boolean isLimited() {
        return bitsPerSecond > 0;
    }

    /** Bytes per second, for sizing buffers. */
    public double bytesPerSecond() {
        return bitsPerSecond / 8.0;
    }

    /** The largest unit that gives a whole number: {@code 10gbit}, {@code 2500mbit}, {@code 1234bit}. */
    @Override
    public String toString() {
        if (!isLimited()) {
            return "none";
        }
        for (long unit : new long[] {G, M, K}) {
            if (bitsPerSecond % unit == 0) {
                return bitsPerSecond / unit + suffix(unit) + "bit";
            }
        }
        return bitsPerSecond + "bit";
    }

    private static long unit(String prefix) {
        return switch (prefix) {
            case "k" -> K;
            case "m" -> M;
            case "g" -> G;
            default -> 1;
        };
    }

    private static String suffix(long unit) {
        return unit == G ? "g" : unit == M ? "m" : "k";
    }
}
