package dev.shoal.jmh;

import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.server.optim.Optimizer;
import dev.shoal.server.optim.Optimizers;
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
 * One optimizer step over a dense slice: {@code floats} parameters per operation, so GB/s of parameters =
 * ops/s x floats x 4 / 1e9. Each optimizer reads the gradient and its state and writes the parameters and the
 * state, so it moves two to five times the parameters' bytes.
 *
 * <pre>{@code
 * bin/shoal bench jmh Optimizer -p optimizer=adam
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizerBenchmark {

    @Param({"sgd", "momentum", "adagrad", "adam", "ftrl"})
    public String optimizer;

    @Param({"1048576"})
    public int floats;

    private Optimizer opt;
    private float[] w;
    private float[] s0;
    private float[] s1;
    private float[] g;
    private long step;

    @Setup
    public void setUp() {
        opt = Optimizers.create(switch (optimizer) {
            case "sgd" -> OptimizerSpec.sgd(0.01f);
            case "momentum" -> OptimizerSpec.sgd(0.01f).withMomentum(0.9f);
            case "adagrad" -> OptimizerSpec.adagrad(0.01f);
            case "adam" -> OptimizerSpec.adam(0.001f);
            case "ftrl" -> OptimizerSpec.ftrl(0.1f, 1f, 0.001f, 0f);
            default -> throw new IllegalArgumentException("unknown optimizer " + optimizer);
        });
        w = Data.random(floats, 3);
        s0 = opt.stateSlots() > 0 ? new float[floats] : null;
        s1 = opt.stateSlots() > 1 ? new float[floats] : null;
        opt.initState(w, s0, s1, 0, floats);
        g = Data.random(floats, 4);
    }

    @Benchmark
    public float[] apply() {
        opt.apply(w, s0, s1, 0, g, 0, floats, step++);
        return w;
    }
}
