package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeatureHasherTest {

    @Test
    void bucketIsTheMaskedHash() {
        FeatureHasher h = new FeatureHasher(1 << 20);
        assertThat(h.bucket("hello")).isEqualTo(0x248bfa47 & ((1 << 20) - 1));
        assertThat(new FeatureHasher(16).bucket("hello")).isEqualTo(0x7);
    }

    @Test
    void rowHasDistinctLowerCasedTokensAtUnitLength() {
        FeatureHasher h = new FeatureHasher(1 << 20);
        CsrBuilder csr = new CsrBuilder();
        byte[] text = "Hello HELLO, world\u00e9!! 42 caf\u00e9 \u00ff\u00fe\u0000x".getBytes(StandardCharsets.ISO_8859_1);
        h.addRow(text, 1f, csr);
        SparseDataset d = csr.build(h.buckets());
        // tokens: hello, world, 42, caf, x (the accented bytes separate tokens)
        assertThat(d.nonZeros()).isEqualTo(5);
        assertThat(d.indices()).contains(h.bucket("hello"), h.bucket("world"), h.bucket("42"), h.bucket("caf"),
                h.bucket("x"));
        assertThat(d.indices()).isSorted();
        assertThat(sumOfSquares(d, 0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void emptyTextGivesAnEmptyRow() {
        FeatureHasher h = new FeatureHasher(1024);
        CsrBuilder csr = new CsrBuilder();
        h.addRow("  !! ".getBytes(StandardCharsets.US_ASCII), 0f, csr);
        SparseDataset d = csr.build(1024);
        assertThat(d.rows()).isEqualTo(1);
        assertThat(d.nonZeros()).isZero();
    }

    @Test
    void longTokensAndManyTokensGrowTheScratch() {
        FeatureHasher h = new FeatureHasher(1 << 20);
        StringBuilder sb = new StringBuilder("a".repeat(1000));
        for (int i = 0; i < 2000; i++) {
            sb.append(" t").append(i);
        }
        CsrBuilder csr = new CsrBuilder();
        h.addRow(sb.toString().getBytes(StandardCharsets.US_ASCII), 1f, csr);
        SparseDataset d = csr.build(h.buckets());
        assertThat(d.indices()).contains(h.bucket("a".repeat(1000)), h.bucket("t1999"));
        assertThat(d.nonZeros()).isBetween(1990, 2001);   // a few bucket collisions are allowed
    }

    @Test
    void refusesBucketsThatAreNotAPowerOfTwo() {
        assertThatThrownBy(() -> new FeatureHasher(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureHasher(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static double sumOfSquares(SparseDataset d, int row) {
        double s = 0;
        for (int k = d.rowStart(row); k < d.rowEnd(row); k++) {
            s += (double) d.value(k) * d.value(k);
        }
        return s;
    }
}
