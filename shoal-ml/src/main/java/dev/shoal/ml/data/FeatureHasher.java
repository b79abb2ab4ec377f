package dev.shoal.ml.data;

import java.util.Arrays;

/**
 * Turns raw text bytes into one hashed, binary, unit-length sparse row: the bag of lower-cased
 * {@code [a-z0-9]+} tokens, each token's MurmurHash3 (x86, 32-bit, seed {@value #SEED}) masked to a bucket.
 *
 * <pre>{@code
 * FeatureHasher h = new FeatureHasher(1 << 20);
 * int b = h.bucket("hello");   // where the token "hello" lands: murmur3_32("hello", 0) & (2^20 - 1)
 * // SpamAssassinReader gives each message one row: its distinct buckets, each 1/sqrt(their count)
 * }</pre>
 *
 * <p>Tokens are found on the bytes: an ASCII letter or digit is part of a token, every other byte separates
 * tokens. That is exactly what decoding as ISO-8859-1, lower-casing and matching {@code [a-z0-9]+} gives (no
 * ISO-8859-1 character outside ASCII lower-cases into {@code [a-z0-9]}), and UTF-8 multi-byte sequences never
 * contain ASCII bytes, so any encoding is read without ever failing. A hasher keeps scratch arrays: use one per
 * thread.
 */
public final class FeatureHasher {

    /** Seed of the token hash; fixed so that a model trained once keeps meaning the same features. */
    public static final int SEED = 0;

    private final int buckets;
    private byte[] token = new byte[64];
    private int[] rowBuckets = new int[256];

    /** @param buckets number of buckets, a power of two (the row's dimension) */
    public FeatureHasher(int buckets) {
        if (buckets <= 0 || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("buckets must be a positive power of two, got " + buckets);
        }
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /** The bucket of one token, given as it would appear after lower-casing. */
    public int bucket(String token) {
        byte[] b = token.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return Murmur3.hash32(b, 0, b.length, SEED) & (buckets - 1);
    }

    /** Appends one row for {@code text}: sorted distinct buckets, each {@code 1/sqrt(count)}. */
    void addRow(byte[] text, float label, CsrBuilder csr) {
        int n = distinctBuckets(text);
        csr.startRow(label);
        float value = n == 0 ? 0f : (float) (1.0 / Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            csr.add(rowBuckets[i], value);
        }
    }

    /** Fills {@code rowBuckets[0..n)} with the sorted distinct buckets of the text's tokens; returns n. */
    private int distinctBuckets(byte[] text) {
        int n = 0;
        int len = 0;
        for (int i = 0; i <= text.length; i++) {
            int c = i < text.length ? lowerAlnum(text[i]) : -1;
            if (c >= 0) {
                if (len == token.length) {
                    token = Arrays.copyOf(token, len * 2);
                }
                token[len++] = (byte) c;
            } else if (len > 0) {
                if (n == rowBuckets.length) {
                    rowBuckets = Arrays.copyOf(rowBuckets, n * 2);
                }
                rowBuckets[n++] = Murmur3.hash32(token, 0, len, SEED) & (buckets - 1);
                len = 0;
            }
        }
        Arrays.sort(rowBuckets, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || rowBuckets[distinct - 1] != rowBuckets[i]) {
                rowBuckets[distinct++] = rowBuckets[i];
            }
        }
        return distinct;
    }

    /** The lower-cased byte if it is an ASCII letter or digit, else -1. */
    private static int lowerAlnum(byte b) {
        if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
            return b;
        }
        if (b >= 'A' && b <= 'Z') {
            return b + ('a' - 'A');
        }
        return -1;
    }
}
