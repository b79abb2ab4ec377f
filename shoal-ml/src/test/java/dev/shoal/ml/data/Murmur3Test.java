package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {

    @Test
    void murmur3MatchesReferenceValues() {
        assertThat(murmur("hello", 0)).isEqualTo(0x248bfa47);
        assertThat(murmur("", 0)).isZero();
        assertThat(murmur("", 1)).isEqualTo(0x514e28b7);
        // lengths 1..3 exercise the tail, 4 and 5 a whole block with and without one
        assertThat(murmur("a", 0)).isEqualTo(0x3c2569b2);
        assertThat(murmur("abc", 0)).isEqualTo(0xb3dd93fa);
        assertThat(murmur("abcd", 0)).isEqualTo(0x43ed676a);
        assertThat(murmur("Hello, world!", 1234)).isEqualTo(0xfaf6cdb3);
    }

    @Test
    void hashesARangeOfALargerArray() {
        byte[] b = "xxhelloyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Murmur3.hash32(b, 2, 5, 0)).isEqualTo(0x248bfa47);
    }

    private static int murmur(String s, int seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash32(b, 0, b.length, seed);
    }
}
