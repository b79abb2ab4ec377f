package dev.shoal.jmh;

import dev.shoal.protocol.codec.DenseFrames;
import dev.shoal.protocol.codec.Floats;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.netty.NettyRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding a dense push frame (a worker's side) and decoding it with the NaN/Inf check (a server's side), in
 * the pooled direct buffers the transport uses: {@code floats} floats per operation, so GB/s = ops/s x floats x
 * 4 / 1e9. Compare with {@link MemoryCopyBenchmark} of the same size.
 *
 * <pre>{@code
 * bin/shoal bench jmh FrameCodec
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

    @Param({"1048576"})
    public int floats;

    private final ByteBufAllocator alloc = NettyRuntime.allocator();
    private float[] values;
    private float[] decoded;
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() {
        values = Data.random(floats, 2);
        decoded = new float[floats];
        frame = DenseFrames.encodePush(alloc, MessageType.PUSH_DENSE, 1, 0, 0, 0, values, 0, floats);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
    }

    /** Header and values into a fresh pooled buffer, released again (as after a send). */
    @Benchmark
    public int encodePush() {
        ByteBuf f = DenseFrames.encodePush(alloc, MessageType.PUSH_DENSE, 1, 0, 0, 0, values, 0, floats);
        int n = f.readableBytes();
        f.release();
        return n;
    }

    /** Values out of the frame into an array, checked for NaN/Inf on the way. */
    @Benchmark
    public boolean decodeChecked() {
        return Floats.readFinite(frame, DenseFrames.valuesIndex(frame), decoded, 0, floats);
    }
}
