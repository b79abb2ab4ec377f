package dev.shoal.jmh;

import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizers;
import dev.shoal.server.store.SparseShard;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A server's sparse rows: looking up and updating random existing rows of a shard that holds {@code rows} of
 * them. Reported per row (rows/s), from batches of {@value #BATCH} keys as a request brings them.
 *
 * <pre>{@code
 * bin/shoal bench jmh SparseRows -p dim=16
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SparseRowsBenchmark {
    static final int BATCH = 10_000;

    @Param({"1", "16"})
    public int dim;

    @Param({"1000000"})
    public int rows;

    private SparseShard shard;
    private long[] keys;
    private float[] values;
    private int cursor;

    @Setup
    public void setUp() {
        shard = new SparseShard(dim, Optimizers.create(OptimizerSpec.adagrad(0.05f)), InitializerSpec.zeros(), 1024);
        keys = Data.keys(rows, 5);
        values = new float[BATCH * dim];
        for (int from = 0; from < rows; from += BATCH) {
            shard.pull(keys, from, Math.min(BATCH, rows - from), values, 0);   // creates the rows
        }
        values = Data.random(BATCH * dim, 6);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] lookup() {
        shard.pull(keys, next(), BATCH, values, 0);
        return values;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public SparseShard update() {
        shard.push(keys, next(), BATCH, values, 0);
        return shard;
    }

    private int next() {
        int from = cursor;
        cursor = cursor + 2 * BATCH > rows ? 0 : cursor + BATCH;
        return from;
    }
}
