package dev.shoal.protocol.codec;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableKind;
import dev.shoal.protocol.table.TableSpec;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the control messages (table specs, descriptors, cluster views). These cross the wire a few times per
 * job, so clarity wins over speed here. Readers advance the buffer's reader index and throw
 * {@link IndexOutOfBoundsException} or {@link IllegalArgumentException} on truncated or invalid input.
 *
 * <pre>{@code
 * ControlCodec.writeSpec(body, spec);
 * TableSpec back = ControlCodec.readSpec(body);
 * }</pre>
 *
 * <p>Layouts (little-endian):
 * <pre>
 * TableSpec       := str name, u8 kind, u8 rank, i32[rank] shape, Initializer, Optimizer,
 *                    u8 hasConsistency, [Consistency], u8 allowNonFinite, i32 maxSliceBytes
 * Initializer     := u8 kind, f32 a, f32 b, i64 seed
 * Optimizer       := u8 kind, f32 lr, momentum, beta1, beta2, eps, beta, l1, l2, initialAccumulator
 * Consistency     := u8 mode, i32 staleness
 * TableDescriptor := i32 id, TableSpec, Consistency, i32 layoutVersion, i32 sliceLength, i32 n, i32[n] owners,
 *                    i32 replicas
 * ClusterView     := i32 epoch, i32 nServers, (i32 id, str host, i32 port)*, i32 nLive, i32[nLive],
 *                    i32 expectedWorkers, Consistency, i32 partitions, i32 layoutEpoch, i32 nInService,
 *                    i32[nInService], i32 heartbeatMillis, i32 nJoining, i32[nJoining]
 * </pre>
 */
public final class ControlCodec {
    /** Upper bound on any count read from the wire, so a corrupt frame can't make us allocate gigabytes. */
    public static final int MAX_COUNT = 1 << 24;

    private ControlCodec() {
    }

    public static void writeSpec(ByteBuf b, TableSpec s) {
        Strings.write(b, s.name());
        b.writeByte(s.kind().id);
        int[] shape = s.shape();
        b.writeByte(shape.length);
        for (int d : shape) {
            b.writeIntLE(d);
        }
        InitializerSpec i = s.initializer();
        b.writeByte(i.kind().id).writeFloatLE(i.a()).writeFloatLE(i.b()).writeLongLE(i.seed());
        OptimizerSpec o = s.optimizer();
        b.writeByte(o.kind().id).writeFloatLE(o.lr()).writeFloatLE(o.momentum()).writeFloatLE(o.beta1())
                .writeFloatLE(o.beta2()).writeFloatLE(o.eps()).writeFloatLE(o.beta()).writeFloatLE(o.l1())
                .writeFloatLE(o.l2()).writeFloatLE(o.initialAccumulator());
        b.writeByte(s.consistency() == null ? 0 : 1);
        if (s.consistency() != null) {
            writeConsistency(b, s.consistency());
        }
        b.writeByte(s.allowNonFinite() ? 1 : 0);
        b.writeIntLE(s.maxSliceBytes());
    }

    public static TableSpec readSpec(ByteBuf b) {
        String name = Strings.read(b);
        TableKind kind = TableKind.ofId(b.readUnsignedByte());
        int rank = b.readUnsignedByte();
        int[] shape = new int[rank];
        for (int k = 0; k < rank; k++) {
            shape[k] = b.readIntLE();
        }
        InitializerSpec init = new InitializerSpec(InitializerSpec.Kind.ofId(b.readUnsignedByte()), b.readFloatLE(),
                b.readFloatLE(), b.readLongLE());
        OptimizerSpec opt = new OptimizerSpec(OptimizerSpec.Kind.ofId(b.readUnsignedByte()), b.readFloatLE(),
                b.readFloatLE(), b.readFloatLE(), b.readFloatLE(), b.readFloatLE(), b.readFloatLE(), b.readFloatLE(),
                b.readFloatLE(), b.readFloatLE());
        Consistency c = b.readUnsignedByte() == 0 ? null : readConsistency(b);
        boolean allowNonFinite = b.readUnsignedByte() != 0;
        int maxSlice = b.readIntLE();
        return new TableSpec(name, kind, shape, init, opt, c, allowNonFinite, maxSlice);
    }

    public static void writeConsistency(ByteBuf b, Consistency c) {
        b.writeByte(c.mode().id).writeIntLE(c.staleness());
    }

    public static Consistency readConsistency(ByteBuf b) {
        return new Consistency(Consistency.Mode.ofId(b.readUnsignedByte()), b.readIntLE());
    }

    public static void writeDescriptor(ByteBuf b, TableDescriptor d) {
        b.writeIntLE(d.id());
        writeSpec(b, d.spec());
        writeConsistency(b, d.consistency());
        b.writeIntLE(d.layoutVersion()).writeIntLE(d.sliceLength());
        writeInts(b, d.owners());
        b.writeIntLE(d.replicas());
    }

    public static TableDescriptor readDescriptor(ByteBuf b) {
        int id = b.readIntLE();
        TableSpec spec = readSpec(b);
        Consistency c = readConsistency(b);
        int version = b.readIntLE();
        int sliceLength = b.readIntLE();
        int[] owners = readInts(b);
        return new TableDescriptor(id, spec, c, version, sliceLength, owners, b.readIntLE());
    }

    public static void writeView(ByteBuf b, ClusterView v) {
        b.writeIntLE(v.epoch());
        b.writeIntLE(v.servers().size());
        for (NodeAddress s : v.servers()) {
            b.writeIntLE(s.id());
            Strings.write(b, s.host());
            b.writeIntLE(s.port());
        }
        writeInts(b, v.liveWorkers());
        b.writeIntLE(v.expectedWorkers());
        writeConsistency(b, v.consistency());
        b.writeIntLE(v.partitions());
        b.writeIntLE(v.layoutEpoch());
        writeInts(b, v.inService());
        b.writeIntLE(v.heartbeatMillis());
        writeInts(b, v.joining());
    }

    public static ClusterView readView(ByteBuf b) {
        int epoch = b.readIntLE();
        int n = count(b.readIntLE());
        if (n * 10L > b.readableBytes()) {   // each server entry takes at least 10 bytes
            throw new IndexOutOfBoundsException(n + " servers cannot fit in " + b.readableBytes() + " bytes");
        }
        List<NodeAddress> servers = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            servers.add(new NodeAddress(b.readIntLE(), Strings.read(b), b.readIntLE()));
        }
        int[] live = readInts(b);
        int expected = b.readIntLE();
        Consistency c = readConsistency(b);
        int partitions = b.readIntLE();
        int layoutEpoch = b.readIntLE();
        int[] inService = readInts(b);
        int heartbeatMillis = b.readIntLE();
        return new ClusterView(epoch, servers, live, expected, c, partitions, layoutEpoch, inService, heartbeatMillis,
                readInts(b));
    }

    private static void writeInts(ByteBuf b, int[] values) {
        b.writeIntLE(values.length);
        for (int v : values) {
            b.writeIntLE(v);
        }
    }

    private static int[] readInts(ByteBuf b) {
        int n = count(b.readIntLE());
        if (n * 4L > b.readableBytes()) {
            throw new IndexOutOfBoundsException("array of " + n + " ints but only " + b.readableBytes() + " bytes left");
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = b.readIntLE();
        }
        return out;
    }

    private static int count(int n) {
        if (n < 0 || n > MAX_COUNT) {
            throw new IllegalArgumentException("count " + n + " out of range [0, " + MAX_COUNT + "]");
        }
        return n;
    }
}
