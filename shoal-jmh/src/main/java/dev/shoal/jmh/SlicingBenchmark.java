package dev.shoal.jmh;

import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.KeyPartitioner;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Placement: laying out a 1-billion-float dense table over 8 servers (the coordinator, once per table), and
 * finding the partition of a sparse key (every worker and server, once per key; reported per key).
 *
 * <p>{@code partitionOfKeys} does per key what {@code KeyRouting} does on a worker: hash the key to its partition,
 * look the partition's rank up, and store it, one result per key; the array goes to JMH's {@link Blackhole}. An
 * earlier version only summed the partitions of a constant 1024, and reported 5 to 8e9 keys/s: under 0.2 ns, less
 * than a cycle, per key, on a 2-core machine. That is the speed of a loop the JIT may vectorize into a sum of
 * hashes, which no caller runs. With every key's result stored through a lookup, and the partition count read from
 * a field as the callers read it from a descriptor, the figure is the cost a push or pull pays per key.
 *
 * <pre>{@code
 * bin/shoal bench jmh Slicing
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlicingBenchmark {
    private static final int KEYS = 10_000;

    private final TableSpec big = TableSpec.dense("embedding", 1 << 20, 1 << 10);
    /** Not a constant, as for the callers (a table's descriptor): the power-of-two test is not folded away. */
    private int partitions = 1024;
    private long[] keys;
    private int[] rank;
    private int[] bucket;

    @Setup
    public void setUp() {
        keys = Data.keys(KEYS, 7);
        // some permutation of the partitions, as a table's layout ranks them by owning server
        rank = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            rank[p] = (p * 617) % partitions;
        }
        bucket = new int[KEYS];
    }

    @Benchmark
    public TableDescriptor layoutDenseTable() {
        return Slicing.layout(1, big, Consistency.bsp(), 8, 1024, new long[8]);
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void partitionOfKeys(Blackhole bh) {
        long[] k = keys;
        int[] r = rank;
        int[] out = bucket;
        int n = partitions;
        for (int i = 0; i < k.length; i++) {
            out[i] = r[KeyPartitioner.partitionOf(k[i], n)];
        }
        bh.consume(out);
    }
}
