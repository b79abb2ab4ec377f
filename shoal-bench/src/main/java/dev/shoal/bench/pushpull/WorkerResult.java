package dev.shoal.bench.pushpull;

import dev.shoal.bench.json.JsonParser;
import dev.shoal.bench.json.JsonWriter;
import java.util.Map;

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

    public String toJson() {
        JsonWriter w = new JsonWriter().beginObject()
                .name("worker").value(worker).name("mode").value(mode).name("bytesPerOp").value(bytesPerOp)
                .name("keysPerOp").value(keysPerOp).name("window").value(window);
        w.name("push");
        push.writeTo(w);
        w.name("pull");
        pull.writeTo(w);
        return w.endObject().toString();
    }

    public static WorkerResult parse(String json) {
        Map<String, Object> o = JsonParser.object(JsonParser.parse(json));
        return new WorkerResult((int) JsonParser.longOf(o, "worker"), JsonParser.stringOf(o, "mode"),
                JsonParser.longOf(o, "bytesPerOp"), JsonParser.longOf(o, "keysPerOp"),
                (int) JsonParser.longOf(o, "window"), OpMeasurements.readFrom(JsonParser.objectOf(o, "push")),
                OpMeasurements.readFrom(JsonParser.objectOf(o, "pull")));
    }
}
