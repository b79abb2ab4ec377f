package dev.shoal.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.cli.Shoal;
import dev.shoal.client.ClientConfig;
import dev.shoal.client.ShoalClient;
import dev.shoal.coordinator.Coordinator;
import dev.shoal.coordinator.CoordinatorConfig;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.server.node.ServerConfig;
import dev.shoal.server.node.ServerNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Workers of different jobs on one cluster: the second job's worker stops at once, saying why (real TCP). */
@Timeout(90)
class JobClaimTest {

    @Test
    void aWorkerOfAnotherJobStopsWithOneLineAndNothingHangs() throws Exception {
        try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults(1, 2).withPort(0));
                ServerNode server = ServerNode.start(ServerConfig.of("127.0.0.1", coordinator.port()))) {
            String address = "127.0.0.1:" + coordinator.port();
            StringWriter sumErr = new StringWriter();
            StringWriter checkErr = new StringWriter();
            CompletableFuture<Integer> sum = CompletableFuture.supplyAsync(() -> worker(sumErr, "--coordinator",
                    address, "--job", "sum", "--clocks", "3", "--size", "64", "--sparse-keys", "8"));
            CompletableFuture<Integer> check = CompletableFuture.supplyAsync(() -> worker(checkErr, "--coordinator",
                    address, "--job", "bsp-check", "--clocks", "3"));

            // both end (the test's timeout would catch a hang); which job claims the cluster first is a race
            int sumCode = sum.get(60, TimeUnit.SECONDS);
            int checkCode = check.get(60, TimeUnit.SECONDS);

            boolean sumWon = checkCode == 1;
            assertThat(List.of(sumCode, checkCode)).as("exactly one worker refused").containsOnlyOnce(1);
            String refused = (sumWon ? checkErr : sumErr).toString().strip();
            String running = sumWon ? "sum" : "bsp-check";
            String mine = sumWon ? "bsp-check" : "sum";
            assertThat(refused).isEqualTo("shoal worker: this cluster's workers run --job " + running + ", not --job "
                    + mine + ": every worker of a cluster runs the same job; start this one with --job " + running
                    + ", or start a coordinator of its own for --job " + mine);
        }
    }

    @Test
    void sameJobJoinsAndDifferentSettingsConflict() throws Exception {
        try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults(1, 3).withPort(0));
                ServerNode server = ServerNode.start(ServerConfig.of("127.0.0.1", coordinator.port()))) {
            ClientConfig config = ClientConfig.of("127.0.0.1:" + coordinator.port());
            List<CompletableFuture<ShoalClient>> joining = List.of(
                    CompletableFuture.supplyAsync(() -> ShoalClient.connect(config)),
                    CompletableFuture.supplyAsync(() -> ShoalClient.connect(config)),
                    CompletableFuture.supplyAsync(() -> ShoalClient.connect(config)));
            try (ShoalClient a = joining.get(0).get(30, TimeUnit.SECONDS);
                    ShoalClient b = joining.get(1).get(30, TimeUnit.SECONDS);
                    ShoalClient c = joining.get(2).get(30, TimeUnit.SECONDS)) {
                JobClaim.of("train", 42).claim(a);
                JobClaim.of("train", 42).claim(b);

                assertThatThrownBy(() -> JobClaim.of("train", 43).claim(c))
                        .isInstanceOfSatisfying(ShoalException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_CONFLICT))
                        .hasMessage("this cluster's workers run --job train with different settings (another "
                                + "--job-file, or one that differs); give every worker of a job the same job file");
            }
        }
    }

    private static int worker(StringWriter err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "worker";
        System.arraycopy(args, 0, all, 1, args.length);
        return Shoal.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(all);
    }
}
