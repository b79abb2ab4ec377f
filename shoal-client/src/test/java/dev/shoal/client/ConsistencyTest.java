package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The three rules with several workers in this JVM over real TCP (multi-process versions: shoal-cluster-tests). */
@Timeout(60)
class ConsistencyTest {

    @Test
    void bspAppliesTheAverageOncePerRoundAndPullsWaitForIt() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(2, 2, Consistency.bsp())) {
            List<ShoalClient> ws = cluster.connectWorkers(2);
            int n = 50_000;
            DenseTable a = ws.get(0).dense(TableSpec.dense("bsp.w", n).optimizer(OptimizerSpec.sgd(1f)));
            DenseTable b = ws.get(1).dense(TableSpec.dense("bsp.w", n).optimizer(OptimizerSpec.sgd(1f)));
            float[] ga = filled(n, -1f);
            float[] gb = filled(n, -3f);
            a.push(ga);
            ws.get(0).clock();
            float[] seen = new float[n];
            CompletableFuture<Void> early = a.pullAsync(seen);   // clock 1: must wait for worker 1's clock
            assertThat(early).isNotDone();
            b.push(gb);
            ws.get(1).clock();
            early.get(10, TimeUnit.SECONDS);
            assertThat(seen).containsOnly(2f);                  // 0 - 1 * mean(-1, -3)
            for (ShoalClient w : ws) {
                w.close();
            }
        }
    }

    @Test
    void sspLetsAWorkerRunAheadByAtMostTheBound() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(1, 2, Consistency.ssp(2))) {
            List<ShoalClient> ws = cluster.connectWorkers(2);
            DenseTable fast = ws.get(0).dense(TableSpec.dense("ssp.w", 16));
            ws.get(1).dense(TableSpec.dense("ssp.w", 16));
            float[] v = new float[16];
            for (int c = 0; c < 2; c++) {
                ws.get(0).clock();
            }
            fast.pull(v);                                        // clock 2, slowest at 0: gap 2 is allowed
            assertThat(fast.observedMinClock()).isZero();
            ws.get(0).clock();
            CompletableFuture<Void> blocked = fast.pullAsync(v);  // clock 3: gap 3 > 2, waits
            assertThat(blocked).isNotDone();
            ws.get(1).clock();
            blocked.get(10, TimeUnit.SECONDS);
            assertThat(fast.observedMinClock()).isEqualTo(1);
            for (ShoalClient w : ws) {
                w.close();
            }
        }
    }

    @Test
    void aspLosesNoUpdateUnderConcurrentPushes() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(2, 3, Consistency.asp())) {
            List<ShoalClient> ws = cluster.connectWorkers(3);
            int n = 200_000;
            int rounds = 20;
            List<CompletableFuture<Void>> runs = ws.stream().map(w -> CompletableFuture.runAsync(() -> {
                DenseTable t = w.dense(TableSpec.dense("asp.sum", n).optimizer(OptimizerSpec.sgd(1f)));
                float[] g = filled(n, -1f);
                for (int r = 0; r < rounds; r++) {
                    t.push(g);
                }
            })).toList();
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            float[] v = new float[n];
            ws.get(0).openDense("asp.sum").pull(v);
            assertThat(v).containsOnly(3f * rounds);
            for (ShoalClient w : ws) {
                w.close();
            }
        }
    }

    @Test
    void aWorkerRunningAheadUnderBspIsHeldBackNotBuffered() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(1, 2, Consistency.bsp())) {
            ClientConfig small = cluster.clientConfig()
                    .withTransport(cluster.clientConfig().transport().withMaxInFlight(4));
            CompletableFuture<ShoalClient> fastJoin = CompletableFuture.supplyAsync(() -> ShoalClient.connect(small));
            ShoalClient slow = ShoalClient.connect(cluster.clientConfig());
            ShoalClient fast = fastJoin.get(20, TimeUnit.SECONDS);
            int n = 1 << 18;
            DenseTable f = fast.dense(TableSpec.dense("bp.w", n).optimizer(OptimizerSpec.sgd(1f)));
            DenseTable s = slow.dense(TableSpec.dense("bp.w", n).optimizer(OptimizerSpec.sgd(1f)));
            for (int c = 0; c < 3; c++) {
                fast.clock();                       // now 3 clocks ahead of the slow worker
            }
            float[] g = filled(n, -1f);
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 50; i++) {
                    f.pushAsync(g);                  // blocks once 4 are in flight and unanswered
                }
            });
            // Held pushes are neither applied nor answered: the fast worker is stopped by its window, so the
            // server holds at most the window plus what one socket buffer carries.
            assertThat(catchTimeout(flood, 1000)).as("the fast worker is held back").isTrue();
            for (int c = 0; c < 3; c++) {
                s.push(filled(n, 0f));
                slow.clock();
            }
            flood.get(20, TimeUnit.SECONDS);
            fast.close();
            slow.close();
        }
    }

    private static boolean catchTimeout(CompletableFuture<?> f, long millis) throws Exception {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            return true;
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
