package dev.shoal.bench.pushpull;

/**
 * The aggregated result of a push/pull benchmark.
 *
 * <pre>{@code
 * BenchSummary s = Aggregator.aggregate(results);
 * double pushGbps = s.push().bytesPerSecond().median() / 1e9;
 * }</pre>
 *
 * @param workers    number of workers whose results were combined
 * @param mode       {@code dense} or {@code sparse}
 * @param bytesPerOp value bytes per request
 * @param keysPerOp  keys per sparse request, 0 when dense
 * @param window     requests in flight per worker
 * @param push       push figures
 * @param pull       pull figures
 */
public record BenchSummary(int workers, String mode, long bytesPerOp, long keysPerOp, int window, OpSummary push,
                           OpSummary pull) {

    public OpSummary of(Op op) {
        return op == Op.PUSH ? push : pull;
    }
}
