package dev.shoal.server.store;

import dev.shoal.protocol.table.InitializerSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InitializersTest {
    private static final int SAMPLES = 100_000;

    @Test
    void sameSpecAndIndexGiveTheSameValues() {
        InitializerSpec spec = InitializerSpec.normal(0f, 1f, 42);
        float[] a = new float[1000];
        float[] b = new float[1000];
        Initializers.fill(spec, a, 0, a.length, 77);
        Initializers.fill(spec, b, 0, b.length, 77);
        assertThat(a).containsExactly(b);

        float[] otherSeed = new float[1000];
        Initializers.fill(InitializerSpec.normal(0f, 1f, 43), otherSeed, 0, otherSeed.length, 77);
        assertThat(otherSeed).isNotEqualTo(a);
    }

    @Test
    void subRangesMatchOneWholeRange() {
        for (InitializerSpec spec : new InitializerSpec[] {
                InitializerSpec.uniform(-1f, 1f, 7), InitializerSpec.normal(3f, 0.5f, 7)}) {
            float[] whole = new float[1000];
            Initializers.fill(spec, whole, 0, 1000, 5000);
            float[] pieces = new float[1010];
            Initializers.fill(spec, pieces, 10, 300, 5000);
            Initializers.fill(spec, pieces, 310, 1, 5300);
            Initializers.fill(spec, pieces, 311, 699, 5301);
            assertThat(Arrays.copyOfRange(pieces, 10, 1010)).containsExactly(whole);
        }
    }

    @Test
    void fillLeavesTheRestOfTheArrayAlone() {
        float[] dst = {9f, 9f, 9f, 9f, 9f};
        Initializers.fill(InitializerSpec.constant(2.5f), dst, 1, 2, 0);
        assertThat(dst).containsExactly(9f, 2.5f, 2.5f, 9f, 9f);
        Initializers.fill(InitializerSpec.zeros(), dst, 3, 1, 0);
        assertThat(dst).containsExactly(9f, 2.5f, 2.5f, 0f, 9f);
        Initializers.fillRow(InitializerSpec.uniform(0f, 1f, 1), dst, 0, 1, 123);
        assertThat(dst[0]).isBetween(0f, 1f);
        assertThat(dst[1]).isEqualTo(2.5f);
    }

    @Test
    void uniformStaysInBoundsWithTheRightMean() {
        float[] v = new float[SAMPLES];
        Initializers.fill(InitializerSpec.uniform(-0.5f, 1.5f, 3), v, 0, SAMPLES, 0);
        double sum = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float x : v) {
            assertThat(x).isGreaterThanOrEqualTo(-0.5f).isLessThan(1.5f);
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        // std of the mean = 2/sqrt(12)/sqrt(1e5) = 0.0018
        assertThat(sum / SAMPLES).isCloseTo(0.5, within(0.01));
        assertThat(min).isLessThan(-0.49f);
        assertThat(max).isGreaterThan(1.49f);
    }

    @Test
    void uniformWithEqualBoundsIsConstant() {
        float[] v = new float[100];
        Initializers.fill(InitializerSpec.uniform(0.25f, 0.25f, 3), v, 0, 100, 0);
        assertThat(v).containsOnly(0.25f);
    }

    @Test
    void normalHasTheRequestedMeanAndStd() {
        float[] v = new float[SAMPLES];
        Initializers.fill(InitializerSpec.normal(2f, 0.5f, 11), v, 0, SAMPLES, 1L << 40);
        double[] ms = meanAndStd(v);
        // standard errors: mean 0.5/sqrt(1e5) = 0.0016, std about 0.0011
        assertThat(ms[0]).isCloseTo(2.0, within(0.008));
        assertThat(ms[1]).isCloseTo(0.5, within(0.006));
    }

    @Test
    void rowsAreAPureFunctionOfSeedKeyAndColumn() {
        InitializerSpec spec = InitializerSpec.normal(0f, 1f, 5);
        float[] first = new float[16];
        Initializers.fillRow(spec, first, 0, 16, 1234);
        float[] scratch = new float[16];
        for (long k = 0; k < 100; k++) {
            Initializers.fillRow(spec, scratch, 0, 16, k);
        }
        float[] again = new float[20];
        Initializers.fillRow(spec, again, 4, 16, 1234);
        assertThat(Arrays.copyOfRange(again, 4, 20)).containsExactly(first);

        float[] narrow = new float[8];
        Initializers.fillRow(spec, narrow, 0, 8, 1234);
        assertThat(narrow).containsExactly(Arrays.copyOf(first, 8));

        float[] neighbour = new float[16];
        Initializers.fillRow(spec, neighbour, 0, 16, 1235);
        assertThat(neighbour).isNotEqualTo(first);
    }

    @Test
    void rowsOfSequentialKeysAreNormalAcrossKeys() {
        InitializerSpec spec = InitializerSpec.normal(0f, 1f, 9);
        float[] row = new float[2];
        float[] column0 = new float[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            Initializers.fillRow(spec, row, 0, 2, k);
            column0[k] = row[0];
        }
        double[] ms = meanAndStd(column0);
        assertThat(ms[0]).isCloseTo(0.0, within(0.016));
        assertThat(ms[1]).isCloseTo(1.0, within(0.012));
    }

    private static double[] meanAndStd(float[] v) {
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean)};
    }
}
