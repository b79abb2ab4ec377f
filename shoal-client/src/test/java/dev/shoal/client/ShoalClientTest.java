package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.error.NonFiniteGradientException;
import dev.shoal.protocol.error.ShapeMismatchException;
import dev.shoal.protocol.error.TableConflictException;
import dev.shoal.protocol.error.UnknownTableException;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ShoalClientTest {
    private static InProcessCluster cluster;
    private static ShoalClient ps;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(2, 1, Consistency.asp());
        ps = cluster.connectWorkers(1).get(0);
    }

    @AfterAll
    static void stop() {
        ps.close();
        cluster.close();
    }

    @Test
    void densePushAppliesSgdOnEveryServer() {
        int n = 300_000;   // 1.2 MB: spread over both servers
        DenseTable w = ps.dense(TableSpec.dense("dense.sgd", n).initializer(InitializerSpec.constant(1.5f))
                .optimizer(OptimizerSpec.sgd(0.5f)));
        assertThat(w.descriptor().owners()).contains(0, 1);
        float[] grad = new float[n];
        for (int i = 0; i < n; i++) {
            grad[i] = i % 7;
        }
        w.push(grad);
        float[] values = new float[n];
        w.pull(values);
        for (int i = 0; i < n; i++) {
            assertThat(values[i]).isEqualTo(1.5f - 0.5f * (i % 7));
        }
    }

    @Test
    void rangePullAcrossASliceBoundaryAndPushPull() {
        int n = 100_000;
        DenseTable w = ps.dense(TableSpec.dense("dense.range", n).optimizer(OptimizerSpec.sgd(1f))
                .maxSliceBytes(4096));
        float[] grad = new float[n];
        Arrays.fill(grad, -2f);
        float[] after = new float[n];
        w.pushPull(grad, after);
        assertThat(after).containsOnly(2f);
        float[] part = new float[5000];
        w.pull(1000, part, 0, 5000);
        assertThat(part).containsOnly(2f);
        float[] g = new float[3000];
        Arrays.fill(g, -1f);
        float[] back = new float[3001];
        w.pushPull(50_000, g, 0, back, 1, 3000);                // a range across slices, into an offset
        assertThat(Arrays.copyOfRange(back, 1, 3001)).containsOnly(3f);
        w.pull(49_999, part, 0, 3002);
        assertThat(part[0]).isEqualTo(2f);
        assertThat(part[3001]).isEqualTo(2f);
    }

    @Test
    void sparseRowsAreCreatedOnFirstTouchAndUpdated() {
        SparseTable emb = ps.sparse(TableSpec.sparse("sparse.emb", 4).initializer(InitializerSpec.constant(0.25f))
                .optimizer(OptimizerSpec.sgd(1f)));
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i * 1_000_003L - 5_000_000_000L;
        }
        float[] rows = new float[keys.length * 4];
        emb.pull(keys, rows);
        assertThat(rows).containsOnly(0.25f);
        float[] grads = new float[rows.length];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = -(i / 4);
        }
        emb.push(keys, grads);
        emb.pull(keys, rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat(rows[i]).isEqualTo(0.25f + i / 4);
        }
    }

    @Test
    void wrongShapeNamesTheTableAndBothShapes() {
        DenseTable w = ps.dense(TableSpec.dense("dense.shape", 10, 20));
        assertThatThrownBy(() -> w.push(new float[199]))
                .isInstanceOf(ShapeMismatchException.class)
                .satisfies(e -> assertThat(((ShoalException) e).retriable()).isFalse())
                .hasMessageContaining("dense.shape").hasMessageContaining("[10, 20]").hasMessageContaining("199");
    }

    @Test
    void nonFiniteGradientIsRefusedAndNothingApplied() {
        DenseTable w = ps.dense(TableSpec.dense("dense.nan", 1000).optimizer(OptimizerSpec.sgd(1f)));
        float[] grad = new float[1000];
        Arrays.fill(grad, 1f);
        grad[999] = Float.NaN;
        // One piece: the server finds the NaN, and its error frame arrives as the typed exception.
        assertThatThrownBy(() -> w.push(grad)).isInstanceOf(NonFiniteGradientException.class)
                .satisfies(e -> assertThat(((ShoalException) e).code()).isEqualTo(ErrorCode.NON_FINITE_GRADIENT))
                .satisfies(e -> assertThat(((ShoalException) e).retriable()).isFalse());
        float[] values = new float[1000];
        w.pull(values);
        assertThat(values).containsOnly(0f);
    }

    @Test
    void aSparsePushWithInfIsRefusedByTheClientBeforeSending() {
        SparseTable emb = ps.sparse(TableSpec.sparse("sparse.inf", 2)
                .initializer(InitializerSpec.constant(0.5f)).optimizer(OptimizerSpec.sgd(1f)));
        long[] keys = {3, 5};
        assertThatThrownBy(() -> emb.push(keys, new float[] {1f, 1f, Float.POSITIVE_INFINITY, 1f}))
                .isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("sparse.inf").hasMessageContaining("value 2").hasMessageContaining("nothing");
        float[] rows = new float[4];
        emb.pull(keys, rows);
        assertThat(rows).containsOnly(0.5f);
    }

    @Test
    void unknownTableAndConflictingSpecAreClearErrors() {
        assertThatThrownBy(() -> ps.openDense("no.such.table")).isInstanceOf(UnknownTableException.class)
                .hasMessageContaining("no.such.table");
        ps.dense(TableSpec.dense("dense.conflict", 10));
        assertThatThrownBy(() -> ps.dense(TableSpec.dense("dense.conflict", 11)))
                .isInstanceOf(TableConflictException.class)
                .hasMessageContaining("dense.conflict");
    }

    @Test
    void connectingToADeadAddressFailsInBoundedTimeNamingIt() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ShoalClient.connect(ClientConfig.of("127.0.0.1:1")
                .withJoinTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(ShoalException.class).hasMessageContaining("127.0.0.1:1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
