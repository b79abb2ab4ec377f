package dev.shoal.transport.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one shape of latency histogram Shoal uses: an HdrHistogram of nanoseconds from 1 ns to one hour with two
 * significant digits (under 1% relative error), and its compressed base64 text form.
 *
 * <pre>{@code
 * Histogram h = LatencyHistograms.create();
 * LatencyHistograms.record(h, System.nanoTime() - t0);     // allocation-free
 * double p99Micros = LatencyHistograms.percentile(h, 0.99) / 1e3;
 * String text = LatencyHistograms.encode(h);               // one token, no spaces
 * Histogram back = LatencyHistograms.decode(text);
 * }</pre>
 *
 * <p>A fixed range, rather than HdrHistogram's auto-resizing, so that recording never allocates and histograms of
 * several workers or connections always {@link Histogram#add add} exactly (a median of medians is not a median).
 * About 37 KB each, so owners make one per message type they actually carry.
 */
public final class LatencyHistograms {
    /** The largest duration recorded as itself; longer ones (a stuck request) count as this. */
    public static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 2;

    private LatencyHistograms() {
    }

    public static Histogram create() {
        return new Histogram(MAX_NANOS, SIGNIFICANT_DIGITS);
    }

    /** Records one duration; a negative one (a clock hiccup) counts as zero, one beyond an hour as an hour. */
    public static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(MAX_NANOS, Math.max(0, nanos)));
    }

    /**
     * The value at quantile {@code q} in [0, 1], in nanoseconds, or NaN when nothing was recorded (HdrHistogram
     * answers 0, which a table would show as a real latency).
     */
    public static double percentile(Histogram h, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(100 * q);
    }

    /** HdrHistogram's compressed encoding in base64: a few hundred characters, readable by any HdrHistogram. */
    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), n));
    }

    /** The inverse of {@link #encode}; an empty text is an empty histogram. */
    public static Histogram decode(String text) {
        Histogram out = create();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try {
            out.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0));
            return out;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded latency histogram: '" + abbreviate(text) + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
