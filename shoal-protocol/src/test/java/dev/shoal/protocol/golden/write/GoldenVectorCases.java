package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The partitioner and slicing vectors, as first computed from {@link KeyPartitioner} and {@link Slicing}, then
 * checked by hand and by an independent implementation against docs/PROTOCOL.md.
 *
 * <pre>{@code
 * ObjectNode partitioner = GoldenVectorCases.partitioner();
 * ObjectNode slicing = GoldenVectorCases.slicing();
 * }</pre>
 */
final class GoldenVectorCases {
    static final int[] PARTITION_COUNTS = {1024, 1000, 7, 1};

    private GoldenVectorCases() {
    }

    static ObjectNode partitioner() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "key -> mix64(key) -> partition, for each partition count; see docs/PROTOCOL.md, "
                + "'Key partitioner'. key: i64 as a decimal string; mix64: the 64 result bits as 16 lowercase hex "
                + "digits; partition: the unsigned remainder of mix64 by the count (a mask for powers of two)");
        ArrayNode counts = root.putArray("partitionCounts");
        for (int c : PARTITION_COUNTS) {
            counts.add(c);
        }
        ArrayNode vectors = root.putArray("vectors");
        for (long key : keys()) {
            ObjectNode v = vectors.addObject();
            v.put("key", Long.toString(key));
            v.put("mix64", String.format("%016x", KeyPartitioner.mix64(key)));
            ObjectNode p = v.putObject("partition");
            for (int c : PARTITION_COUNTS) {
                p.put(Integer.toString(c), KeyPartitioner.partitionOf(key, c));
            }
        }
        return root;
    }

    private static List<Long> keys() {
        List<Long> keys = new ArrayList<>();
        for (long k = 0; k <= 32; k++) {
            keys.add(k);
        }
        long[] edge = {-1, -2, -1000, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, 1L << 32, 1L << 40, (1L << 53) - 1, 1L << 53,
            (1L << 53) + 1, 1L << 62, 0xdeadbeefL, 0xcafebabe12345678L, 1_000_000_007L, 123_456_789_012_345L};
        for (long k : edge) {
            keys.add(k);
        }
        Random rnd = new Random(20261207);
        for (int i = 0; i < 16; i++) {
            keys.add(rnd.nextLong());
        }
        return keys;
    }

    static ObjectNode slicing() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "table layouts; see docs/PROTOCOL.md, 'Layout'. loadBefore/loadAfter: the "
                + "coordinator's per-server load (dense bytes plus one per sparse table), i64 as decimal strings");
        ArrayNode dense = root.putArray("dense");
        dense(dense, "tiny table on one server", new int[] {10}, 0, 1, new long[1]);
        dense(dense, "below 64 KiB per server: stays whole", new int[] {10}, 0, 4, new long[4]);
        long[] job = new long[3];
        dense(dense, "job table 1: [784, 256] spread over 3 servers", new int[] {784, 256}, 0, 3, job);
        dense(dense, "job table 2 (continues the load): 512-byte slices", new int[] {256}, 512, 3, job);
        dense(dense, "job table 3 (continues the load): 4 KiB slices, the last one shorter", new int[] {3, 3, 16, 32},
                4096, 3, job);
        dense(dense, "40 MB over 4 servers: ten 4 MB slices, least-loaded first", new int[] {10_000_000}, 0, 4,
                new long[4]);
        dense(dense, "uneven load before: ties go to the lowest server id", new int[] {100_000}, 0, 3,
                new long[] {500_000, 0, 0});
        dense(dense, "max slice of 3 floats: 10 elements in 4 slices of 3, 3, 3, 1", new int[] {10}, 12, 2,
                new long[2]);
        ArrayNode sparse = root.putArray("sparse");
        sparse(sparse, "8 partitions over 3 servers, nothing placed yet", 8, 3, new long[3]);
        sparse(sparse, "job table 4 (continues the dense job's load)", 8, 3, job);
        sparse(sparse, "a second sparse table starts on the same server: a sparse table adds 1 to the load, dense ones their bytes", 8, 3, job);
        sparse(sparse, "16 partitions over 5 servers with server 0 loaded", 16, 5, new long[] {7, 0, 0, 0, 0});
        sparse(sparse, "the default 1024 partitions over 3 servers", 1024, 3, new long[3]);
        return root;
    }

    private static void dense(ArrayNode out, String description, int[] shape, int maxSliceBytes, int servers,
                              long[] load) {
        ObjectNode c = out.addObject();
        c.put("description", description);
        ArrayNode s = c.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        TableSpec spec = TableSpec.dense("t", shape).maxSliceBytes(maxSliceBytes);
        c.put("elements", Long.toString(spec.size()));
        c.put("maxSliceBytes", spec.maxSliceBytes());
        c.put("servers", servers);
        loads(c.putArray("loadBefore"), load);
        TableDescriptor d = Slicing.layout(1, spec, Consistency.bsp(), servers, 1024, load);
        ObjectNode e = c.putObject("expected");
        e.put("sliceLength", d.sliceLength());
        ArrayNode slices = e.putArray("slices");
        for (int i = 0; i < d.units(); i++) {
            slices.addObject().put("offset", Long.toString(d.sliceStart(i))).put("length", d.sliceSize(i))
                    .put("server", d.owner(i));
        }
        loads(e.putArray("loadAfter"), load);
    }

    private static void sparse(ArrayNode out, String description, int partitions, int servers, long[] load) {
        ObjectNode c = out.addObject();
        c.put("description", description);
        c.put("partitions", partitions);
        c.put("servers", servers);
        loads(c.putArray("loadBefore"), load);
        TableDescriptor d = Slicing.layout(1, TableSpec.sparse("t", 4), Consistency.asp(), servers, partitions, load);
        ObjectNode e = c.putObject("expected");
        ArrayNode owners = e.putArray("owners");
        for (int o : d.owners()) {
            owners.add(o);
        }
        loads(e.putArray("loadAfter"), load);
        ArrayNode keys = e.putArray("keys");
        for (long key : new long[] {0, 1, 7, 42, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53}) {
            int p = KeyPartitioner.partitionOf(key, partitions);
            keys.addObject().put("key", Long.toString(key)).put("partition", p).put("server", d.owner(p));
        }
    }

    private static void loads(ArrayNode a, long[] load) {
        for (long l : load) {
            a.add(Long.toString(l));
        }
    }
}
