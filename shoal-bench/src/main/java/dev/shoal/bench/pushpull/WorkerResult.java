package dev.shoal.bench.pushpull;

import dev.shoal.transport.json.Json;

/**
 * What one bench worker measured, shipped to the parent as the result of the worker's {@code done} status
 * ({@code dev.shoal.transport.status.NodeStatusFile}).
 *
 * <pre>{@code
 * status.update(s -> s.done(NodeStatusFile.parseTree(result.toJson())));   // in the worker
 * WorkerResult r = WorkerResult.parse(doneStatus.result().toString());     // in the parent
 * }</pre>
 *
 * @param worker     the worker's id in the job
 * @param mode       {@code dense} or {@code sparse}
 * @param bytesPerOp value bytes per request
 * @param keysPerOp  keys per sparse request, 0 when dense
 * @param window     requests in flight
 * @param push       push measurements
 * @param pull       pull measurements
 */
public record WorkerResult(int worker, String mode, long bytesPerOp, long keysPerOp, int window, OpMeasurements push,
                           OpMeasurements pull) {

    public OpMeasurements of(Op op) {
        return op == Op.PUSH ? push : pull;
    }

    /** One line of JSON, written by {@link Json}. */
    public String toJson() {
        return Json.compact(this);
    }

    public static WorkerResult parse(String json) {
        return Json.read(json, WorkerResult.class);
    }
}
