package dev.shoal.ml.model;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-major matrix products over flat float arrays, through the system's BLAS when there is one.
 *
 * <pre>{@code
 * Blas.gemm(m, n, k, a, 0, b, 0, c, 0, 0f);      // c[m][n] = a[m][k] . b[k][n]
 * Blas.gemmTN(m, n, k, a, 0, b, 0, c, 0, 0f);    // c[m][n] = a^T . b, a stored [k][m]
 * Blas.gemmNT(m, n, k, a, 0, b, 0, c, 0, 1f);    // c[m][n] += a[m][k] . b^T, b stored [n][k]
 * String which = Blas.describe();                // "native (OpenBLAS, ...)" or "pure Java"
 * }</pre>
 *
 * <p>{@code dev.ludovic.netlib} loads {@code libblas.so.3} (on Debian, OpenBLAS once
 * {@code libopenblas0-pthread} is installed) and falls back to its pure-Java BLAS, about ten times slower for
 * the MLP's products. BLAS is column-major; a row-major {@code C = A B} is the column-major
 * {@code C^T = B^T A^T}, so every call swaps its operands rather than transposing anything.
 *
 * <p>OpenBLAS picks its kernels by CPU model and falls back to generic ones on a CPU it does not know, unless
 * {@code OPENBLAS_CORETYPE} names one; {@link BlasEnvironment} sets that for the processes Shoal starts.
 */
public final class Blas {
    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
    /** Held so the level set on it is not lost when the JUL logger is collected. */
    private static final java.util.logging.Logger NETLIB_LOG = quietNetlib();
    private static final BLAS IMPL = BLAS.getInstance();

    private Blas() {
    }

    /** {@code c[m][n] = a[m][k] . b[k][n] + beta * c}. */
    public static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            float beta) {
        gemm(m, n, k, a, aOff, k, b, bOff, c, cOff, beta);
    }

    /**
     * As {@link #gemm(int, int, int, float[], int, float[], int, float[], int, float)}, with {@code a}'s rows
     * {@code lda} apart: {@code a} is then {@code k} columns of a wider matrix, e.g. a block of its inputs.
     */
    public static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c,
            int cOff, float beta) {
        IMPL.sgemm("N", "N", n, m, k, 1f, b, bOff, n, a, aOff, lda, beta, c, cOff, n);
    }

    /** {@code c[m][n] = a^T . b + beta * c}, where {@code a} is stored {@code [k][m]} and {@code b} {@code [k][n]}. */
    public static void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            float beta) {
        gemmTN(m, n, k, a, aOff, m, b, bOff, c, cOff, beta);
    }

    /** As {@link #gemmTN(int, int, int, float[], int, float[], int, float[], int, float)}, with {@code a}'s rows {@code lda} apart. */
    public static void gemmTN(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c,
            int cOff, float beta) {
        IMPL.sgemm("N", "T", n, m, k, 1f, b, bOff, n, a, aOff, lda, beta, c, cOff, n);
    }

    /** {@code c[m][n] = a . b^T + beta * c}, where {@code a} is stored {@code [m][k]} and {@code b} {@code [n][k]}. */
    public static void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
            float beta) {
        IMPL.sgemm("T", "N", n, m, k, 1f, b, bOff, k, a, aOff, k, beta, c, cOff, n);
    }

    /** Whether the products run in native code. */
    public static boolean isNative() {
        return !(IMPL instanceof JavaBLAS);
    }

    /** Which BLAS runs the products, for logs and run summaries. */
    public static String describe() {
        if (!isNative()) {
            return "pure Java (" + IMPL.getClass().getSimpleName() + "); install libopenblas0-pthread for native";
        }
        String core = System.getenv("OPENBLAS_CORETYPE");
        String threads = System.getenv("OPENBLAS_NUM_THREADS");
        return "native libblas.so.3 (OPENBLAS_CORETYPE=" + (core == null ? "auto" : core)
                + ", OPENBLAS_NUM_THREADS=" + (threads == null ? "auto" : threads) + ")";
    }

    /** Logs which BLAS is used, once per process, and warns when it is the slow one. */
    public static void logChoice() {
        if (isNative()) {
            LOG.info("BLAS: {}", describe());
        } else {
            LOG.warn("BLAS: {}: the MLP's matrix products will be several times slower", describe());
        }
    }

    /**
     * netlib logs each implementation it fails to load at WARNING through java.util.logging, which would print
     * three stack-less lines on every node; {@link #logChoice()} says what matters instead.
     */
    private static java.util.logging.Logger quietNetlib() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.ludovic.netlib");
        log.setLevel(Level.SEVERE);
        return log;
    }
}
