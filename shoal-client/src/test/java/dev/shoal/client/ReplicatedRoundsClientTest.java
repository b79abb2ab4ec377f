package dev.shoal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's pushes to a replicated BSP table, through the real DenseTable, SparseTable, Fanout and clock over TCP
 * to servers in this JVM. The coordinator still lays BSP tables out with one replica, so the tables are opened
 * here with a descriptor of two: the routes are the same while every server is in service.
 */
@Timeout(60)
class ReplicatedRoundsClientTest {

    @Test
    void densePiecesAreCountedPerOwnerAndSparseFramesPerOwnerTheyWereCutFor() {
        try (InProcessCluster cluster = new InProcessCluster(3, 1, Consistency.bsp());
             ShoalClient w = cluster.connectWorkers(1).get(0)) {
            TableDescriptor dd = w.dense(TableSpec.dense("rr.w", 6000).maxSliceBytes(4000)).descriptor()
                    .withReplicas(2);
            assertThat(dd.units()).isEqualTo(6);
            assertThat(Arrays.stream(dd.owners()).distinct().count()).isEqualTo(3);
            DenseTable dense = new DenseTable(w, dd);
            TableDescriptor sd = w.sparse(TableSpec.sparse("rr.e", 4)).descriptor().withReplicas(2);
            SparseTable sparse = new SparseTable(w, sd);

            Map<String, Integer> expected = new TreeMap<>();
            dense.push(new float[6000]);                          // one piece per slice
            for (int slice = 0; slice < 6; slice++) {
                expected.merge(dd.id() + "/" + dd.owner(slice), 1, Integer::sum);
            }
            dense.push(500, new float[1000], 0, 1000);            // slices 0 and 1
            expected.merge(dd.id() + "/" + dd.owner(0), 1, Integer::sum);
            expected.merge(dd.id() + "/" + dd.owner(1), 1, Integer::sum);
            long[] keys = new long[100];
            Arrays.setAll(keys, i -> i * 7919L);
            sparse.push(keys, new float[400]);                    // one frame per owner of these keys
            Arrays.stream(keys).mapToInt(k -> sd.owner(KeyPartitioner.partitionOf(k, sd.units()))).distinct()
                    .forEach(o -> expected.merge(sd.id() + "/" + o, 1, Integer::sum));
            sparse.push(new long[] {5}, new float[4]);
            expected.merge(sd.id() + "/" + sd.owner(KeyPartitioner.partitionOf(5, sd.units())), 1, Integer::sum);
            float[] out = new float[4];
            sparse.pushPull(new long[] {5}, new float[4], out);   // push-pulls count too
            expected.merge(sd.id() + "/" + sd.owner(KeyPartitioner.partitionOf(5, sd.units())), 1, Integer::sum);
            dense.pull(new float[6000]);                          // pulls do not

            assertThat(chains(w.rounds().counts(0))).isEqualTo(expected);
            w.clock();                                            // the servers take the CLOCK with its body
            assertThat(chains(w.rounds().counts(1))).isEmpty();
        }
    }

    @Test
    void pushesAreReleasedOnlyByAClockEveryServerAnsweredAndOnlyTwoRoundsBack() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(3, 1, Consistency.bsp())) {
            ShoalClient w = cluster.connectWorkers(1).get(0);
            TableDescriptor d = w.dense(TableSpec.dense("rr.r", 6000).maxSliceBytes(4000)).descriptor()
                    .withReplicas(2);
            DenseTable t = new DenseTable(w, d);
            // Push only slices whose replicas are on servers 0 and 1, so that losing server 2 moves none of them.
            int[] slices = java.util.stream.IntStream.range(0, d.units()).filter(s -> d.owner(s) != 2).toArray();
            assertThat(slices).hasSizeGreaterThanOrEqualTo(2);
            Runnable pushRound = () -> {
                for (int s : slices) {
                    t.push(d.sliceStart(s), new float[d.sliceSize(s)], 0, d.sliceSize(s));
                }
            };
            int perRound = slices.length;
            pushRound.run();
            w.clock();                                            // to 1: nothing two rounds back
            assertThat(w.rounds().keptCount()).isEqualTo(perRound);
            pushRound.run();
            assertThat(w.rounds().keptCount()).isEqualTo(2 * perRound);
            w.clock();                                            // to 2: releases round 0
            assertThat(w.rounds().keptCount()).isEqualTo(perRound);
            pushRound.run();
            w.clock();                                            // to 3: releases round 1
            assertThat(w.rounds().keptCount()).isEqualTo(perRound);

            cluster.servers.get(2).close();
            await().atMost(Duration.ofSeconds(20)).until(() -> !w.view().isReplicating(2));
            pushRound.run();
            w.clock();                                            // to 4: server 2 was out before: not waited for
            assertThat(w.rounds().keptCount()).isEqualTo(perRound);
            pushRound.run();
            w.clock();                                            // to 5: releases round 3
            assertThat(w.rounds().keptCount()).isEqualTo(perRound);
            w.close();                                            // releases every frame kept
            assertThat(w.rounds().keptCount()).isZero();
        }
    }

    private static Map<String, Integer> chains(RoundRetention.Counts c) {
        Map<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < c.n(); i++) {
            m.put(c.tables()[i] + "/" + c.owners()[i], c.pushes()[i]);
        }
        return m;
    }
}
