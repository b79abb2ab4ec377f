package dev.shoal.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ControlCodecTest {

    static List<OptimizerSpec> optimizers() {
        return List.of(
                OptimizerSpec.sgd(0.1f),
                OptimizerSpec.sgd(0.05f).withMomentum(0.9f),
                OptimizerSpec.adagrad(0.2f).withInitialAccumulator(0.5f).withEps(1e-6f),
                OptimizerSpec.adam(1e-3f).withBetas(0.8f, 0.99f),
                OptimizerSpec.ftrl(0.1f, 1f, 0.5f, 0.25f),
                new OptimizerSpec(OptimizerSpec.Kind.SGD, 3f, 0.5f, 0.1f, 0.2f, Float.NaN, -0.0f, 0f, 1e30f,
                        Float.MIN_VALUE));
    }

    static List<InitializerSpec> initializers() {
        return List.of(
                InitializerSpec.zeros(),
                InitializerSpec.constant(-0.0f),
                InitializerSpec.constant(2.5f),
                InitializerSpec.uniform(-1f, 1f, Long.MIN_VALUE),
                InitializerSpec.normal(0.5f, 0.05f, -7L));
    }

    static List<Consistency> consistencies() {
        List<Consistency> l = new ArrayList<>();
        l.add(null);
        l.add(Consistency.bsp());
        l.add(Consistency.asp());
        l.add(Consistency.ssp(0));
        l.add(Consistency.ssp(3));
        l.add(Consistency.ssp(Integer.MAX_VALUE));
        return l;
    }

    static List<TableSpec> specs() {
        List<TableSpec> out = new ArrayList<>();
        int i = 0;
        for (OptimizerSpec o : optimizers()) {
            for (InitializerSpec init : initializers()) {
                for (Consistency c : consistencies()) {
                    i++;
                    TableSpec s = (i % 2 == 0 ? TableSpec.dense("t/" + i + ".w_x-y", 3, 5, 7) : TableSpec.sparse("s" + i, i))
                            .initializer(init).optimizer(o).consistency(c).allowNonFinite(i % 3 == 0)
                            .maxSliceBytes(i % 4 == 0 ? 0 : 4 * i);
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static <T> T roundTrip(T value, BiConsumer<ByteBuf, T> write, Function<ByteBuf, T> read) {
        ByteBuf b = Unpooled.buffer();
        write.accept(b, value);
        T back = read.apply(b);
        assertThat(b.readableBytes()).as("bytes left after reading %s", value).isZero();
        return back;
    }

    /** Every strict prefix of the encoding must throw IOOBE or IAE. */
    private static <T> void assertEveryCutThrows(T value, BiConsumer<ByteBuf, T> write, Function<ByteBuf, T> read) {
        ByteBuf full = Unpooled.buffer();
        write.accept(full, value);
        int len = full.readableBytes();
        for (int cut = 0; cut < len; cut++) {
            ByteBuf part = full.copy(0, cut);
            Throwable t = catchThrowable(() -> read.apply(part));
            assertThat(t).as("reading %d of %d bytes of %s", cut, len, value)
                    .isInstanceOfAny(IndexOutOfBoundsException.class, IllegalArgumentException.class);
        }
    }

    @Test
    void specsRoundTripWithEveryOptimizerInitializerAndConsistency() {
        List<TableSpec> specs = specs();
        assertThat(specs).hasSizeGreaterThan(100);
        for (TableSpec s : specs) {
            TableSpec back = roundTrip(s, ControlCodec::writeSpec, ControlCodec::readSpec);
            assertThat(back).isEqualTo(s);
            assertThat(back.shape()).containsExactly(s.shape());
            assertThat(back.consistency()).isEqualTo(s.consistency());
            assertThat(Float.floatToRawIntBits(back.initializer().a()))
                    .isEqualTo(Float.floatToRawIntBits(s.initializer().a()));
            assertThat(Float.floatToRawIntBits(back.optimizer().eps()))
                    .isEqualTo(Float.floatToRawIntBits(s.optimizer().eps()));
            assertThat(back.maxSliceBytes()).isEqualTo(s.maxSliceBytes());
        }
    }

    @Test
    void consistencyRoundTrips() {
        for (Consistency c : consistencies()) {
            if (c != null) {
                assertThat(roundTrip(c, ControlCodec::writeConsistency, ControlCodec::readConsistency)).isEqualTo(c);
            }
        }
    }

    @Test
    void descriptorsRoundTripDenseAndSparse() {
        long[] load = new long[3];
        int id = 0;
        for (TableSpec s : specs()) {
            TableDescriptor d = Slicing.layout(id++, s, Consistency.ssp(2), 3, 16, load);
            TableDescriptor back = roundTrip(d, ControlCodec::writeDescriptor, ControlCodec::readDescriptor);
            assertThat(back).isEqualTo(d);
            assertThat(back.owners()).containsExactly(d.owners());
            assertThat(back.sliceLength()).isEqualTo(d.sliceLength());
            assertThat(back.consistency()).isEqualTo(d.consistency());
        }
        TableDescriptor handMade = new TableDescriptor(-5, TableSpec.dense("big", 1000, 1000), Consistency.asp(),
                17, 250_000, new int[] {3, 1, 2, 0});
        assertThat(roundTrip(handMade, ControlCodec::writeDescriptor, ControlCodec::readDescriptor))
                .isEqualTo(handMade);
    }

    @Test
    void descriptorsKeepTheirReplicaCount() {
        long[] load = new long[4];
        for (int k : new int[] {1, 2, 3, 4, 7}) {
            TableDescriptor dense = Slicing.layout(k, TableSpec.dense("d" + k, 1 << 18), Consistency.bsp(), 4, 8, load)
                    .withReplicas(k);
            TableDescriptor sparse = Slicing.layout(10 + k, TableSpec.sparse("s" + k, 4), Consistency.asp(), 4, 8,
                    load).withReplicas(k);
            for (TableDescriptor d : List.of(dense, sparse)) {
                TableDescriptor back = roundTrip(d, ControlCodec::writeDescriptor, ControlCodec::readDescriptor);
                assertThat(back).isEqualTo(d);
                assertThat(back.replicas()).isEqualTo(k);
                assertThat(back.owners()).containsExactly(d.owners());
            }
        }
        // replicas is the last field, after the owners
        ByteBuf b = Unpooled.buffer();
        ControlCodec.writeDescriptor(b, new TableDescriptor(1, TableSpec.sparse("s", 4), Consistency.asp(), 1, 0,
                new int[] {2, 0}, 3));
        assertThat(b.getIntLE(b.writerIndex() - 4)).isEqualTo(3);
        assertThat(b.getIntLE(b.writerIndex() - 8)).isZero();
        assertThat(b.getIntLE(b.writerIndex() - 12)).isEqualTo(2);
        assertThat(b.getIntLE(b.writerIndex() - 16)).isEqualTo(2);
        assertThat(ControlCodec.readDescriptor(b).replicas()).isEqualTo(3);
    }

    @Test
    void aDescriptorWithoutAReplicaIsRefused() {
        for (int replicas : new int[] {0, -1, Integer.MIN_VALUE}) {
            ByteBuf b = Unpooled.buffer();
            ControlCodec.writeDescriptor(b, new TableDescriptor(1, TableSpec.sparse("s", 4), Consistency.asp(), 1, 0,
                    new int[] {0, 1}));
            b.setIntLE(b.writerIndex() - 4, replicas);
            assertThatThrownBy(() -> ControlCodec.readDescriptor(b)).as("replicas %d", replicas)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + replicas);
        }
    }

    static ClusterView view() {
        return new ClusterView(12, List.of(new NodeAddress(0, "127.0.0.1", 7101), new NodeAddress(1, "host-ünï.example", 65535),
                new NodeAddress(2, "", 0)), new int[] {5, 0, 3}, 6, Consistency.ssp(4), 1024);
    }

    /** A view after server 1 was lost: layout epoch 4, servers 2 and 0 in service (given out of order). */
    static ClusterView degradedView() {
        return new ClusterView(9, List.of(new NodeAddress(0, "10.0.0.1", 7101), new NodeAddress(1, "10.0.0.2", 7101),
                new NodeAddress(2, "10.0.0.3", 7102)), new int[] {1, 0}, 2, Consistency.bsp(), 64, 4, new int[] {2, 0},
                1500);
    }

    @Test
    void clusterViewsRoundTrip() {
        ClusterView v = view();
        ClusterView back = roundTrip(v, ControlCodec::writeView, ControlCodec::readView);
        assertThat(back).isEqualTo(v);
        assertThat(back.servers()).containsExactlyElementsOf(v.servers());
        assertThat(back.liveWorkers()).containsExactly(0, 3, 5);
        assertThat(back.expectedWorkers()).isEqualTo(6);
        assertThat(back.partitions()).isEqualTo(1024);

        ClusterView empty = new ClusterView(0, List.of(), new int[0], 0, Consistency.bsp(), 1);
        assertThat(roundTrip(empty, ControlCodec::writeView, ControlCodec::readView)).isEqualTo(empty);
    }

    @Test
    void clusterViewsKeepLayoutEpochServersInServiceAndHeartbeat() {
        ClusterView v = degradedView();
        ClusterView back = roundTrip(v, ControlCodec::writeView, ControlCodec::readView);
        assertThat(back).isEqualTo(v);
        assertThat(back.layoutEpoch()).isEqualTo(4);
        assertThat(back.inService()).containsExactly(0, 2);
        assertThat(back.isInService(1)).isFalse();
        assertThat(back.heartbeatMillis()).isEqualTo(1500);

        // the defaults of a view built without them travel too
        ClusterView defaults = roundTrip(view(), ControlCodec::writeView, ControlCodec::readView);
        assertThat(defaults.layoutEpoch()).isEqualTo(1);
        assertThat(defaults.inService()).containsExactly(0, 1, 2);
        assertThat(defaults.heartbeatMillis()).isEqualTo(ClusterView.DEFAULT_HEARTBEAT_MILLIS);

        // no server in service is a legal view (every unit is unavailable)
        ClusterView none = new ClusterView(5, v.servers(), new int[] {0}, 1, Consistency.asp(), 8, 3, new int[0],
                3000);
        assertThat(roundTrip(none, ControlCodec::writeView, ControlCodec::readView)).isEqualTo(none);

        // the new fields follow partitions: i32 layoutEpoch, i32s inService, i32 heartbeatMillis, i32s joining
        ByteBuf b = Unpooled.buffer();
        ControlCodec.writeView(b, v);
        int end = b.writerIndex();
        assertThat(b.getIntLE(end - 4)).as("nJoining").isZero();
        assertThat(b.getIntLE(end - 8)).isEqualTo(1500);
        assertThat(b.getIntLE(end - 12)).isEqualTo(2);
        assertThat(b.getIntLE(end - 16)).isZero();
        assertThat(b.getIntLE(end - 20)).isEqualTo(2);
        assertThat(b.getIntLE(end - 24)).isEqualTo(4);
        assertThat(b.getIntLE(end - 28)).isEqualTo(64);
    }

    /** Server 1 rejoined after being lost: joining (given out of order with server 3), not in service. */
    static ClusterView joiningView() {
        return new ClusterView(11, List.of(new NodeAddress(0, "10.0.0.1", 7101), new NodeAddress(1, "10.0.0.9", 7101),
                new NodeAddress(2, "10.0.0.3", 7102), new NodeAddress(3, "10.0.0.4", 7101)), new int[] {1, 0}, 2,
                Consistency.ssp(2), 64, 5, new int[] {2, 0}, 1500, new int[] {3, 1});
    }

    @Test
    void clusterViewsKeepTheServersJoining() {
        ClusterView v = joiningView();
        ClusterView back = roundTrip(v, ControlCodec::writeView, ControlCodec::readView);
        assertThat(back).isEqualTo(v);
        assertThat(back.joining()).containsExactly(1, 3);
        assertThat(back.isJoining(1)).isTrue();
        assertThat(back.isJoining(2)).isFalse();
        assertThat(back.inService()).containsExactly(0, 2);
        assertThat(back.layoutEpoch()).isEqualTo(5);
        assertThat(back.heartbeatMillis()).isEqualTo(1500);
        assertThat(back).isNotEqualTo(new ClusterView(v.epoch(), v.servers(), v.liveWorkers(), v.expectedWorkers(),
                v.consistency(), v.partitions(), v.layoutEpoch(), v.inService(), v.heartbeatMillis(), new int[] {1}));

        // joining is the last field: i32 nJoining, then the ids ascending, right after heartbeatMillis
        ByteBuf b = Unpooled.buffer();
        ControlCodec.writeView(b, v);
        int end = b.writerIndex();
        assertThat(b.getIntLE(end - 4)).isEqualTo(3);
        assertThat(b.getIntLE(end - 8)).isEqualTo(1);
        assertThat(b.getIntLE(end - 12)).as("nJoining").isEqualTo(2);
        assertThat(b.getIntLE(end - 16)).as("heartbeatMillis").isEqualTo(1500);

        // a view built without joining servers has none, and says so with one i32 0
        ClusterView none = degradedView();
        assertThat(none.joining()).isEmpty();
        ByteBuf n = Unpooled.buffer();
        ControlCodec.writeView(n, none);
        ByteBuf explicit = Unpooled.buffer();
        ControlCodec.writeView(explicit, new ClusterView(none.epoch(), none.servers(), none.liveWorkers(),
                none.expectedWorkers(), none.consistency(), none.partitions(), none.layoutEpoch(), none.inService(),
                none.heartbeatMillis(), new int[0]));
        assertThat(n).isEqualTo(explicit);
        assertThat(n.getIntLE(n.writerIndex() - 4)).isZero();
        assertThat(roundTrip(none, ControlCodec::writeView, ControlCodec::readView).joining()).isEmpty();
    }

    @Test
    void truncatedSpecsThrowAtEveryCutPoint() {
        for (TableSpec s : specs().subList(0, 40)) {
            assertEveryCutThrows(s, ControlCodec::writeSpec, ControlCodec::readSpec);
        }
    }

    @Test
    void truncatedDescriptorsThrowAtEveryCutPoint() {
        long[] load = new long[4];
        assertEveryCutThrows(Slicing.layout(1, TableSpec.dense("d", 1 << 20).maxSliceBytes(1 << 18),
                Consistency.bsp(), 4, 8, load), ControlCodec::writeDescriptor, ControlCodec::readDescriptor);
        assertEveryCutThrows(Slicing.layout(2, TableSpec.sparse("s", 8).consistency(Consistency.ssp(1)),
                Consistency.bsp(), 4, 8, load), ControlCodec::writeDescriptor, ControlCodec::readDescriptor);
    }

    @Test
    void truncatedViewsThrowAtEveryCutPoint() {
        assertEveryCutThrows(view(), ControlCodec::writeView, ControlCodec::readView);
        assertEveryCutThrows(degradedView(), ControlCodec::writeView, ControlCodec::readView);
        assertEveryCutThrows(joiningView(), ControlCodec::writeView, ControlCodec::readView);
    }

    @Test
    void negativeAndAbsurdServerCountsAreRefused() {
        for (int n : new int[] {-1, Integer.MIN_VALUE, ControlCodec.MAX_COUNT + 1, Integer.MAX_VALUE}) {
            ByteBuf b = Unpooled.buffer().writeIntLE(1).writeIntLE(n).writeZero(64);
            assertThatThrownBy(() -> ControlCodec.readView(b)).as("server count %d", n)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count " + n);
        }
    }

    @Test
    void absurdArrayCountsAreRefusedBeforeAllocating() {
        // owners of a descriptor: count too big for the bytes left
        ByteBuf d = Unpooled.buffer();
        ControlCodec.writeDescriptor(d, new TableDescriptor(1, TableSpec.sparse("s", 4), Consistency.asp(), 1, 0,
                new int[] {0, 1}));
        d.setIntLE(d.writerIndex() - 16, ControlCodec.MAX_COUNT);   // i32 n, i32[2] owners, i32 replicas
        assertThatThrownBy(() -> ControlCodec.readDescriptor(d)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("array of " + ControlCodec.MAX_COUNT + " ints");

        ByteBuf d2 = Unpooled.buffer();
        ControlCodec.writeDescriptor(d2, new TableDescriptor(1, TableSpec.sparse("s", 4), Consistency.asp(), 1, 0,
                new int[] {0, 1}));
        d2.setIntLE(d2.writerIndex() - 16, -3);
        assertThatThrownBy(() -> ControlCodec.readDescriptor(d2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count -3");

        // live workers of a view
        ByteBuf v = Unpooled.buffer().writeIntLE(1).writeIntLE(0).writeIntLE(ControlCodec.MAX_COUNT).writeZero(40);
        assertThatThrownBy(() -> ControlCodec.readView(v)).isInstanceOf(IndexOutOfBoundsException.class);
        ByteBuf v2 = Unpooled.buffer().writeIntLE(1).writeIntLE(0).writeIntLE(ControlCodec.MAX_COUNT + 1).writeZero(40);
        assertThatThrownBy(() -> ControlCodec.readView(v2)).isInstanceOf(IllegalArgumentException.class);

        // servers in service of a view: i32 n, i32[2], i32 heartbeatMillis, i32 nJoining (0)
        ByteBuf s = Unpooled.buffer();
        ControlCodec.writeView(s, degradedView());
        s.setIntLE(s.writerIndex() - 20, ControlCodec.MAX_COUNT);
        assertThatThrownBy(() -> ControlCodec.readView(s)).isInstanceOf(IndexOutOfBoundsException.class);
        ByteBuf s2 = Unpooled.buffer();
        ControlCodec.writeView(s2, degradedView());
        s2.setIntLE(s2.writerIndex() - 20, -1);
        assertThatThrownBy(() -> ControlCodec.readView(s2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count -1");

        // servers joining, the view's last field
        ByteBuf j = Unpooled.buffer();
        ControlCodec.writeView(j, degradedView());
        j.setIntLE(j.writerIndex() - 4, ControlCodec.MAX_COUNT);
        assertThatThrownBy(() -> ControlCodec.readView(j)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("array of " + ControlCodec.MAX_COUNT + " ints");
        ByteBuf j2 = Unpooled.buffer();
        ControlCodec.writeView(j2, joiningView());
        j2.setIntLE(j2.writerIndex() - 12, -2);
        assertThatThrownBy(() -> ControlCodec.readView(j2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count -2");
    }

    @Test
    void aTinyViewClaimingManyServersDoesNotAllocateMuch() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        ByteBuf b = Unpooled.buffer().writeIntLE(1).writeIntLE(ControlCodec.MAX_COUNT).writeZero(4);
        long before = mx.getThreadAllocatedBytes(tid);
        assertThatThrownBy(() -> ControlCodec.readView(b)).isInstanceOf(IndexOutOfBoundsException.class);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated reading a 12-byte view").isLessThan(1 << 20);
    }

    @Test
    void unknownEnumIdsAreRefused() {
        TableSpec s = TableSpec.dense("x", 4);
        ByteBuf b = Unpooled.buffer();
        ControlCodec.writeSpec(b, s);
        int kindIndex = 2 + 1; // u16 length + "x"
        ByteBuf badKind = b.copy();
        badKind.setByte(kindIndex, 9);
        assertThatThrownBy(() -> ControlCodec.readSpec(badKind)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table kind id 9");
        ByteBuf badRank = b.copy();
        badRank.setByte(kindIndex + 1, 0);
        assertThatThrownBy(() -> ControlCodec.readSpec(badRank)).isInstanceOf(IllegalArgumentException.class);
        int initIndex = kindIndex + 2 + 4;
        ByteBuf badInit = b.copy();
        badInit.setByte(initIndex, 77);
        assertThatThrownBy(() -> ControlCodec.readSpec(badInit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initializer id 77");
        int optIndex = initIndex + 1 + 4 + 4 + 8;
        ByteBuf badOpt = b.copy();
        badOpt.setByte(optIndex, 66);
        assertThatThrownBy(() -> ControlCodec.readSpec(badOpt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer id 66");
        ByteBuf badMode = Unpooled.buffer().writeByte(5).writeIntLE(0);
        assertThatThrownBy(() -> ControlCodec.readConsistency(badMode)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consistency mode id 5");
        ByteBuf negStaleness = Unpooled.buffer().writeByte(Consistency.Mode.SSP.id).writeIntLE(-1);
        assertThatThrownBy(() -> ControlCodec.readConsistency(negStaleness))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
