package dev.shoal.bench.pushpull;

/**
 * The cluster shape and workload of one {@code shoal bench pushpull} invocation.
 *
 * <pre>{@code
 * BenchSetup setup = new BenchSetup(2, 2, Workload.dense(4 << 20, 1, 5, Duration.ofSeconds(3)));
 * }</pre>
 *
 * @param servers  server processes
 * @param workers  bench worker processes
 * @param workload what each worker does
 */
public record BenchSetup(int servers, int workers, Workload workload) {

    public BenchSetup {
        if (servers < 1 || workers < 1) {
            throw new IllegalArgumentException("--servers and --workers must be at least 1, got " + servers + " and "
                    + workers);
        }
    }

    /** A one-line description such as {@code dense 4194304 B, 1 server x 1 worker, window 1, 5 runs x 3 s}. */
    public String describe() {
        Workload w = workload;
        String what = w.isSparse() ? "sparse " + w.sparseKeys() + " keys x 1 float" : "dense " + w.sizeBytes() + " B";
        return what + ", " + servers + " server" + (servers == 1 ? "" : "s") + " x " + workers + " worker"
                + (workers == 1 ? "" : "s") + ", window " + w.window() + ", " + w.runs() + " run" + (w.runs() == 1 ? "" : "s")
                + " x "
                + w.seconds().toMillis() / 1000.0 + " s, ASP";
    }

    public java.util.List<Target> targets() {
        return Targets.matching(servers, workers, workload);
    }
}
