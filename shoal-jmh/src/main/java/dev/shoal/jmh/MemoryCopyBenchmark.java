package dev.shoal.jmh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's memory-copy bandwidth, the ceiling for every codec and optimizer benchmark here: {@code floats}
 * floats copied per operation, so GB/s = ops/s x floats x 4 / 1e9.
 *
 * <pre>{@code
 * bin/shoal bench jmh MemoryCopy
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoryCopyBenchmark {

    /** 4 MiB: the largest slice, larger than the caches. */
    @Param({"1048576"})
    public int floats;

    private float[] src;
    private float[] dst;
    private ByteBuffer direct;

    @Setup
    public void setUp() {
        src = Data.random(floats, 1);
        dst = new float[floats];
        direct = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Array to array: what {@code System.arraycopy} reaches. */
    @Benchmark
    public float[] arrayCopy() {
        System.arraycopy(src, 0, dst, 0, floats);
        return dst;
    }

    /** Array into off-heap memory, the way a frame is encoded. */
    @Benchmark
    public ByteBuffer intoDirectBuffer() {
        direct.clear();
        direct.asFloatBuffer().put(src, 0, floats);
        return direct;
    }
}
