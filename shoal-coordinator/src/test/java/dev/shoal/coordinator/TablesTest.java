package dev.shoal.coordinator;

import static dev.shoal.coordinator.TestNode.await;
import static dev.shoal.coordinator.TestNode.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TablesTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void aDenseTableIsSpreadEvenlyAndInstalledOnEveryServer() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(2, 1).withConsistency(Consistency.ssp(1)));
        // 1000 x 1000 floats = 4 MB in slices of at most 1 MiB: 4 slices, two per server.
        TableSpec spec = TableSpec.dense("fc1.weight", 1000, 1000).maxSliceBytes(1 << 20);

        TableDescriptor d = await(cl.workers().get(0).createTable(spec));

        assertThat(d.id()).isEqualTo(1);
        assertThat(d.spec()).isEqualTo(spec);
        assertThat(d.consistency()).isEqualTo(Consistency.ssp(1));
        assertThat(d.units()).isEqualTo(4);
        long[] bytes = new long[2];
        for (int s = 0; s < d.units(); s++) {
            bytes[d.owner(s)] += d.sliceSize(s) * 4L;
        }
        assertThat(bytes[0]).isEqualTo(bytes[1]).isEqualTo(2_000_000L);
        for (FakeServer endpoint : cl.endpoints()) {
            assertThat(endpoint.installed).containsExactly(d);
        }
        TableDescriptor next = await(cl.workers().get(0).createTable(TableSpec.dense("fc1.bias", 1000)));
        assertThat(next.id()).isEqualTo(2);
    }

    @Test
    void concurrentCreatesOfOneTableAllGetTheSameDescriptor() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(2, 3));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        cl.endpoints().forEach(e -> e.gate = gate);
        TableSpec spec = TableSpec.sparse("ctr.embedding", 16).optimizer(OptimizerSpec.adagrad(0.1f));

        List<CompletableFuture<TableDescriptor>> calls = new ArrayList<>();
        for (TestNode w : cl.workers()) {
            calls.add(w.createTable(spec));
        }
        // Whichever create got there first, the others join its install; an open on a connection whose create
        // went first waits for it too.
        calls.add(cl.workers().get(1).openTable("ctr.embedding"));
        await(CompletableFuture.allOf(cl.endpoints().get(0).firstInstall, cl.endpoints().get(1).firstInstall));
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        gate.complete(null);

        TableDescriptor first = await(calls.get(0));
        for (CompletableFuture<TableDescriptor> call : calls) {
            assertThat(await(call)).isEqualTo(first);
        }
        assertThat(first.units()).isEqualTo(1024);
        for (FakeServer endpoint : cl.endpoints()) {
            assertThat(endpoint.installed).filteredOn(t -> t.name().equals("ctr.embedding")).containsExactly(first);
        }
    }

    @Test
    void aConflictingSpecNamesTheTableAndBothShapes() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 2));
        await(cl.workers().get(0).createTable(TableSpec.dense("w", 10, 20)));

        ShoalException shape = errorOf(cl.workers().get(1).createTable(TableSpec.dense("w", 10, 21)));
        ShoalException optimizer = errorOf(cl.workers().get(1).createTable(TableSpec.dense("w", 10, 20)
                .optimizer(OptimizerSpec.adam(0.001f))));

        assertThat(shape.code()).isEqualTo(ErrorCode.TABLE_CONFLICT);
        assertThat(shape.getMessage()).isEqualTo("table 'w' exists as dense [10, 20]; asked for dense [10, 21]");
        assertThat(optimizer.code()).isEqualTo(ErrorCode.TABLE_CONFLICT);
        assertThat(optimizer.getMessage()).contains("'w'", "optimizer", "ADAM");
    }

    @Test
    void openingAnUnknownTableListsTheTablesThereAre() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(1, 1));
        TestNode w = cl.workers().get(0);
        await(w.createTable(TableSpec.dense("b", 4)));
        TableDescriptor a = await(w.createTable(TableSpec.sparse("a", 8)));

        ShoalException e = errorOf(w.openTable("nope"));

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(e.getMessage()).isEqualTo("no table named 'nope' (tables: a, b)");
        assertThat(await(w.openTable("a"))).isEqualTo(a);
    }

    @Test
    void tablesWaitForTheClusterToBeComplete() {
        Coordinator c = fx.coordinator(CoordinatorConfig.defaults(1, 1));
        TestNode w = fx.node(c);
        w.registerNow(NodeRole.WORKER, "127.0.0.1", 0);

        ShoalException e = errorOf(w.createTable(TableSpec.dense("w", 3)));

        assertThat(e.code()).isEqualTo(ErrorCode.CLUSTER_NOT_READY);
        assertThat(e.getMessage()).contains("'w'", "servers: 0 of 1 joined");
    }

    @Test
    void aServerStillRegisteringIsAskedAgainUntilItInstalls() throws Exception {
        // The race ps-lite users hit: the cluster is complete and a worker creates a table before a server has read
        // the answer to its REGISTER. The coordinator retries the install instead of failing the create.
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(2, 1));
        cl.endpoints().get(1).stillRegistering.set(3);

        TableDescriptor d = await(cl.workers().get(0).createTable(TableSpec.dense("w", 10)));

        assertThat(d.name()).isEqualTo("w");
        assertThat(cl.endpoints().get(1).stillRegistering.get()).isZero();
        assertThat(cl.endpoints().get(1).installed).hasSize(1);
    }

    @Test
    void aServerRefusingTheInstallFailsTheCreateAndALaterCreateRetries() throws Exception {
        Fixture.Cluster cl = fx.complete(CoordinatorConfig.defaults(2, 1));
        cl.endpoints().get(1).refusal = "out of memory for 40 bytes";
        TestNode w = cl.workers().get(0);

        ShoalException e = errorOf(w.createTable(TableSpec.dense("w", 10)));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.getMessage()).contains("server 1", "'w'", "out of memory for 40 bytes");
        cl.endpoints().get(1).refusal = null;
        assertThat(await(w.createTable(TableSpec.dense("w", 10))).name()).isEqualTo("w");
    }
}
