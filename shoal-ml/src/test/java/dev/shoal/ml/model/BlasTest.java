package dev.shoal.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlasTest {
    private static final int M = 3;
    private static final int N = 4;
    private static final int K = 5;

    @Test
    void rowMajorProductMatchesPlainLoops() {
        float[] a = random(M * K, 1);
        float[] b = random(K * N, 2);
        float[] c = random(M * N + 2, 3);
        float[] before = c.clone();
        Blas.gemm(M, N, K, a, 0, b, 0, c, 2, 1f);   // accumulate, at an offset
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double want = before[2 + i * N + j];
                for (int p = 0; p < K; p++) {
                    want += a[i * K + p] * b[p * N + j];
                }
                assertThat(c[2 + i * N + j]).isCloseTo((float) want, within(1e-5f));
            }
        }
        assertThat(c[0]).isEqualTo(before[0]);
    }

    @Test
    void transposedFirstOperandMatchesPlainLoops() {
        float[] a = random(K * M, 4);   // stored [k][m]
        float[] b = random(K * N, 5);
        float[] c = new float[M * N];
        Blas.gemmTN(M, N, K, a, 0, b, 0, c, 0, 0f);
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double want = 0;
                for (int p = 0; p < K; p++) {
                    want += a[p * M + i] * b[p * N + j];
                }
                assertThat(c[i * N + j]).isCloseTo((float) want, within(1e-5f));
            }
        }
    }

    @Test
    void transposedSecondOperandMatchesPlainLoops() {
        float[] a = random(M * K, 6);
        float[] b = random(N * K + 1, 7);   // stored [n][k], from offset 1
        float[] c = new float[M * N];
        Blas.gemmNT(M, N, K, a, 0, b, 1, c, 0, 0f);
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double want = 0;
                for (int p = 0; p < K; p++) {
                    want += a[i * K + p] * b[1 + j * K + p];
                }
                assertThat(c[i * N + j]).isCloseTo((float) want, within(1e-5f));
            }
        }
        assertThat(Blas.describe()).isNotBlank();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }
}
