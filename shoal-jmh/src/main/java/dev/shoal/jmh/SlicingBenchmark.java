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

/**
 * Placement: laying out a 1-billion-float dense table over 8 servers (the coordinator, once per table), and
 * finding the partition of a sparse key (every worker and server, once per key; reported per key).
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
    private long[] keys;

    @Setup
    public void setUp() {
        keys = Data.keys(KEYS, 7);
    }

    @Benchmark
    public TableDescriptor layoutDenseTable() {
        return Slicing.layout(1, big, Consistency.bsp(), 8, 1024, new long[8]);
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public int partitionOfKeys() {
        int sum = 0;
        for (long k : keys) {
            sum += KeyPartitioner.partitionOf(k, 1024);
        }
        return sum;
    }
}
