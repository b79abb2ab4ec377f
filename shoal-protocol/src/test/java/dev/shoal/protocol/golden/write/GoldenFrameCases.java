package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;
import static dev.shoal.protocol.golden.GoldenFiles.bits;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.golden.ControlJson;
import dev.shoal.protocol.table.Consistency;
import dev.shoal.protocol.table.InitializerSpec;
import dev.shoal.protocol.table.OptimizerSpec;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden frames, as first written: one request and one response per message type, the notification, one error
 * per error code, and the edge cases docs/PROTOCOL.md calls out. Once written, the files are the contract; add
 * cases at the end, never change one (the writer refuses).
 *
 * <pre>{@code
 * for (ObjectNode entry : GoldenFrameCases.all()) { ... }
 * }</pre>
 */
final class GoldenFrameCases {
    /** Request ids of worker 2 towards a server: (2 + 1) << 40 | sequence. */
    private static final long WORKER2 = 3L << 40;
    static final int REQUEST = 0;
    static final int RESPONSE = 1;
    private static final int ERROR = 3;
    private static final int NOTIFICATION = 4;
    private final List<ObjectNode> out = new ArrayList<>();

    private GoldenFrameCases() {
    }

    static List<ObjectNode> all() {
        GoldenFrameCases c = new GoldenFrameCases();
        c.membership();
        c.tables();
        c.dense();
        c.sparse();
        c.errors();
        c.replication();
        c.rejoining();
        GoldenRoundCases.addTo(c);
        return c.out;
    }

    // Tables as the coordinator lays them out for 3 servers (one load vector, in creation order).
    static final TableSpec WEIGHTS = TableSpec.dense("mlp.l0.w", 784, 256)
            .optimizer(OptimizerSpec.sgd(0.1f).withMomentum(0.9f));
    static final TableSpec BIAS = TableSpec.dense("mlp.l0.b", 256).initializer(InitializerSpec.constant(0.5f))
            .optimizer(OptimizerSpec.adagrad(0.05f)).consistency(Consistency.bsp()).maxSliceBytes(512);
    static final TableSpec KERNEL = TableSpec.dense("conv/1.kernel", 3, 3, 16, 32)
            .initializer(InitializerSpec.uniform(-0.25f, 0.25f, 42)).optimizer(OptimizerSpec.adam(1e-3f))
            .consistency(Consistency.ssp(3)).allowNonFinite(true).maxSliceBytes(4096);
    static final TableSpec EMBEDDING = TableSpec.sparse("ctr.embedding", 8)
            .initializer(InitializerSpec.normal(0f, 0.01f, -7)).optimizer(OptimizerSpec.ftrl(0.1f, 1f, 0.5f, 0.25f))
            .consistency(Consistency.asp());
    /** Table 5, laid out with 2 replicas of every slice. */
    static final TableSpec REPLICATED = TableSpec.dense("mlp.l1.w", 256, 512).optimizer(OptimizerSpec.sgd(0.1f));

    static List<TableDescriptor> layouts() {
        long[] load = new long[3];
        List<TableDescriptor> d = new ArrayList<>();
        d.add(Slicing.layout(1, WEIGHTS, Consistency.bsp(), 3, 8, load));
        d.add(Slicing.layout(2, BIAS, Consistency.bsp(), 3, 8, load));
        d.add(Slicing.layout(3, KERNEL, Consistency.bsp(), 3, 8, load));
        d.add(Slicing.layout(4, EMBEDDING, Consistency.bsp(), 3, 8, load));
        d.add(Slicing.layout(5, REPLICATED, Consistency.bsp(), 3, 8, load).withReplicas(2));
        return d;
    }

    private void membership() {
        add("register.request.server", "a server registers the address workers reach it at", REQUEST,
                MessageType.REGISTER, 1, 0, 0, body().put("role", "SERVER").put("host", "10.0.0.1").put("port", 7101));
        add("register.request.worker", "a worker registers (its host only names it in logs; port 0)", REQUEST,
                MessageType.REGISTER, 1, 0, 0, body().put("role", "WORKER").put("host", "10.0.0.7").put("port", 0));
        add("register.response", "the coordinator gives the worker id 2 and says what the cluster waits for",
                RESPONSE, MessageType.REGISTER, 1, 0, 0, body().put("nodeId", 2).put("status",
                        "waiting for servers: 3 of 3 joined (10.0.0.1:7101, 10.0.0.2:7101, 10.0.0.3:7101); "
                                + "workers: 3 of 4 joined (10.0.0.5:0, 10.0.0.6:0, 10.0.0.7:0)"));
        add("cluster_view.notification.first", "the first view: one server, one worker, BSP", NOTIFICATION,
                MessageType.CLUSTER_VIEW, 0, 0, 0, ControlJson.view(new ClusterView(1,
                        List.of(new NodeAddress(0, "127.0.0.1", 7101)), new int[] {0}, 1, Consistency.bsp(), 1024)));
        add("cluster_view.notification", "epoch 2 after worker 1 died: three servers (one IPv6), live workers 0, 2 "
                        + "and 3 of 4, SSP(3)", NOTIFICATION, MessageType.CLUSTER_VIEW, 0, 0, 0,
                ControlJson.view(new ClusterView(2, List.of(new NodeAddress(0, "10.0.0.1", 7101),
                        new NodeAddress(1, "10.0.0.2", 7101), new NodeAddress(2, "fd00::3", 7102)),
                        new int[] {0, 2, 3}, 4, Consistency.ssp(3), 1024)));
        add("heartbeat.request", "worker 2 is alive", REQUEST, MessageType.HEARTBEAT, 5, 0, 0,
                body().put("nodeId", 2).put("role", "WORKER"));
        add("heartbeat.response", "acknowledged (empty body)", RESPONSE, MessageType.HEARTBEAT, 5, 0, 0, body());
        add("leave.request", "worker 2 is done", REQUEST, MessageType.LEAVE, 40, 0, 0,
                body().put("nodeId", 2).put("role", "WORKER"));
        add("leave.response", "acknowledged (empty body)", RESPONSE, MessageType.LEAVE, 40, 0, 0, body());
        add("echo.request", "a probe whose body comes back unchanged", REQUEST, MessageType.ECHO, WORKER2 | 99, 0, 0,
                body().put("bytes", "73686f616c00ff"));
        add("echo.response", "the same bytes, from a server (clock copied from the request)", RESPONSE,
                MessageType.ECHO, WORKER2 | 99, 0, 0, body().put("bytes", "73686f616c00ff"));
    }

    private void tables() {
        List<TableDescriptor> d = layouts();
        add("create_table.request.dense_sgd_zeros", "dense [784, 256], zeros, SGD with momentum, the job's rule",
                REQUEST, MessageType.CREATE_TABLE, 2, 0, 0, ControlJson.spec(WEIGHTS));
        add("create_table.request.dense_adagrad_constant_bsp", "dense [256], constant 0.5, AdaGrad, BSP, 512-byte "
                + "slices", REQUEST, MessageType.CREATE_TABLE, 3, 0, 0, ControlJson.spec(BIAS));
        add("create_table.request.dense_adam_uniform_ssp", "dense [3, 3, 16, 32], uniform(-0.25, 0.25) seed 42, Adam, "
                + "SSP(3), non-finite allowed, 4 KiB slices", REQUEST, MessageType.CREATE_TABLE, 4, 0, 0,
                ControlJson.spec(KERNEL));
        add("create_table.request.sparse_ftrl_normal_asp", "sparse dim 8, normal(0, 0.01) seed -7, FTRL, ASP", REQUEST,
                MessageType.CREATE_TABLE, 5, 0, 0, ControlJson.spec(EMBEDDING));
        add("create_table.response.dense_multi_slice", "[784, 256] over 3 servers: 3 slices of 66902 floats",
                RESPONSE, MessageType.CREATE_TABLE, 2, 0, 0, ControlJson.descriptor(d.get(0)));
        add("create_table.response.sparse", "sparse table over 3 servers, 8 partitions round-robin", RESPONSE,
                MessageType.CREATE_TABLE, 5, 0, 0, ControlJson.descriptor(d.get(3)));
        add("open_table.request", "open a table by name", REQUEST, MessageType.OPEN_TABLE, 6, 0, 0,
                body().put("name", "mlp.l0.b"));
        add("open_table.request.non_ascii", "a name with 2-, 3- and 4-byte UTF-8 (wire-legal; no table can have it)",
                REQUEST, MessageType.OPEN_TABLE, 7, 0, 0, body().put("name", "größe/€/🦈"));
        add("open_table.response", "[256] BSP in 2 slices of 128 floats", RESPONSE, MessageType.OPEN_TABLE, 6, 0, 0,
                ControlJson.descriptor(d.get(1)));
        add("install_table.request", "the coordinator (request-id prefix 0) installs table 3 on a server", REQUEST,
                MessageType.INSTALL_TABLE, 3, 3, 0, ControlJson.descriptor(d.get(2)));
        add("install_table.response", "the server holds its part (empty body, clock 0)", RESPONSE,
                MessageType.INSTALL_TABLE, 3, 3, 0, body());
    }

    private void dense() {
        add("push_dense.request", "worker 2 pushes 4 gradients at clock 5", REQUEST, MessageType.PUSH_DENSE,
                WORKER2 | 17, 1, 5, dense(0, 1f, -2.5f, 0.1f, -0f));
        add("push_dense.request.offset_beyond_2e31", "a push at element 3000000000 (offset > 2^31)", REQUEST,
                MessageType.PUSH_DENSE, WORKER2 | 18, 1, 5, dense(3_000_000_000L, Float.MIN_VALUE, Float.MAX_VALUE));
        add("push_dense.response", "acknowledged (empty body, clock copied)", RESPONSE, MessageType.PUSH_DENSE,
                WORKER2 | 17, 1, 5, body());
        add("pull_dense.request", "pull 3 values of slice 1", REQUEST, MessageType.PULL_DENSE, WORKER2 | 19, 1, 5,
                body().put("offset", "66902").put("count", 3));
        add("pull_dense.response", "3 values, stamped with the slowest live worker's clock 4", RESPONSE,
                MessageType.PULL_DENSE, WORKER2 | 19, 1, 5, denseReply(4, 0.25f, -1f, 1e-8f));
        add("push_pull_dense.request", "push 2 values (one NaN, allowed by the table) and read them back", REQUEST,
                MessageType.PUSH_PULL_DENSE, WORKER2 | 20, 3, 7, dense(128, Float.NaN, 2f));
        add("push_pull_dense.response", "the values after the push", RESPONSE, MessageType.PUSH_PULL_DENSE,
                WORKER2 | 20, 3, 7, denseReply(6, Float.NaN, 1.999f));
        add("clock.request", "worker 2 finished clock 5: its clock is now 6 (table id 0)", REQUEST, MessageType.CLOCK,
                WORKER2 | 21, 0, 6, body());
        add("clock.response", "recorded under layout epoch 3 (clock copied)", RESPONSE, MessageType.CLOCK,
                WORKER2 | 21, 0, 6, body().put("layoutEpoch", 3));
    }

    private void sparse() {
        add("push_sparse.request", "3 rows of 2 floats, keys 7, -1 and Long.MAX_VALUE", REQUEST,
                MessageType.PUSH_SPARSE, WORKER2 | 30, 4, 5,
                sparse(2, new long[] {7, -1, Long.MAX_VALUE}, 0.5f, -0.5f, 1f, -1f, 0.125f, 3f));
        add("push_sparse.request.empty", "no keys (n = 0) is legal; the server acknowledges it", REQUEST,
                MessageType.PUSH_SPARSE, WORKER2 | 31, 4, 5, sparse(8, new long[0]));
        add("push_sparse.response", "acknowledged (empty body)", RESPONSE, MessageType.PUSH_SPARSE, WORKER2 | 30, 4,
                5, body());
        ObjectNode pull = sparse(4, new long[] {42, Long.MIN_VALUE});
        pull.remove("values");
        add("pull_sparse.request", "rows of keys 42 and Long.MIN_VALUE", REQUEST, MessageType.PULL_SPARSE,
                WORKER2 | 32, 4, 5, pull);
        add("pull_sparse.response", "2 rows of 4 floats in the order of the request's keys, minClock 5", RESPONSE,
                MessageType.PULL_SPARSE, WORKER2 | 32, 4, 5, sparseReply(5, 4, 0.1f, 0.2f, 0.3f, 0.4f, -0.1f, -0.2f,
                        -0.3f, -0.4f));
        add("push_pull_sparse.request", "push one row of 1 float and read it back", REQUEST,
                MessageType.PUSH_PULL_SPARSE, WORKER2 | 33, 4, 5, sparse(1, new long[] {1L << 53}, 0.75f));
        add("push_pull_sparse.response", "the row after the push; minClock MIN_VALUE: no view yet (ASP)", RESPONSE,
                MessageType.PUSH_PULL_SPARSE, WORKER2 | 33, 4, 5, sparseReply(Integer.MIN_VALUE, 1, -0.0625f));
    }

    private void errors() {
        error(ErrorCode.INTERNAL, MessageType.PUSH_SPARSE, WORKER2 | 40, 4,
                "server error: java.lang.IllegalStateException: arena full");
        error(ErrorCode.MALFORMED_FRAME, MessageType.PUSH_DENSE, WORKER2 | 41, 1,
                "request for dense table 'mlp.l0.w' [784, 256]: dense body of 20 bytes does not match offset 0 count 4");
        error(ErrorCode.UNSUPPORTED_VERSION, 10, WORKER2 | 42, 0,
                "frame version 2 is not supported (this node speaks version 1)");
        error(ErrorCode.UNKNOWN_TYPE, 99, WORKER2 | 43, 0, "unknown message type 99");
        error(ErrorCode.FRAME_TOO_LARGE, 0, 0, 0, "frame of 67108885 bytes is over the limit of 67108888 bytes");
        error(ErrorCode.UNKNOWN_TABLE, MessageType.OPEN_TABLE, 7, 0,
                "no table named 'größe/€/🦈' (tables: ctr.embedding, mlp.l0.b, mlp.l0.w)");
        error(ErrorCode.SHAPE_MISMATCH, MessageType.PULL_SPARSE, WORKER2 | 44, 4,
                "request for sparse table 'ctr.embedding' [8] has rows of 4 floats; the table's rows have 8");
        error(ErrorCode.KEY_OUT_OF_RANGE, MessageType.PUSH_DENSE, WORKER2 | 45, 1,
                "push of elements [200704, 200705) is outside dense table 'mlp.l0.w' [784, 256] of 200704 elements");
        error(ErrorCode.NON_FINITE_GRADIENT, MessageType.PUSH_DENSE, WORKER2 | 46, 1,
                "push to dense table 'mlp.l0.w' [784, 256] holds NaN or Inf at value 2; nothing was applied "
                        + "(TableSpec.allowNonFinite to accept)");
        error(ErrorCode.TABLE_CONFLICT, MessageType.CREATE_TABLE, 8, 0,
                "table 'mlp.l0.w' exists as dense [784, 256]; asked for dense [784, 128]");
        error(ErrorCode.NOT_OWNER, MessageType.PULL_SPARSE, WORKER2 | 47, 4,
                "key 7 of sparse table 'ctr.embedding' [8] is in partition 4, held by server 1, not by server 0");
        error(ErrorCode.TOO_MANY_KEYS, MessageType.PUSH_SPARSE, WORKER2 | 48, 4,
                "request for sparse table 'ctr.embedding' [8] carries 1048577 keys; at most 1048576 per request");
        error(ErrorCode.STALE_PUSH, MessageType.PUSH_DENSE, WORKER2 | 49, 2,
                "push for clock 3 to dense table 'mlp.l0.b' [256] arrived after that round was applied "
                        + "(slowest live worker is at 4)");
        error(ErrorCode.RESOURCE_EXHAUSTED, MessageType.INSTALL_TABLE, 4, 5,
                "dense table 'big' [1073741824] needs 8192 MiB on server 1 (parameters, optimizer state) but only "
                        + "1843 MiB of its heap is free: give the servers more heap (SHOAL_JAVA_OPTS=-Xmx...) or add "
                        + "servers");
        error(ErrorCode.CLUSTER_NOT_READY, MessageType.HEARTBEAT, 9, 0,
                "worker 1 at 10.0.0.6:0 was declared dead; rejoining is not supported yet");
        error(ErrorCode.UNREACHABLE, MessageType.REGISTER, 1, 0,
                "the coordinator cannot connect to the advertised server address 10.0.0.9:7101 (check the host and "
                        + "port the server advertises): connection refused");
        error(ErrorCode.CONNECTION_CLOSED, MessageType.REGISTER, 1, 0, "connection closed during registration");
        error(ErrorCode.TIMEOUT, MessageType.CREATE_TABLE, 10, 0,
                "servers did not acknowledge table 'big' within 60 s");
        // Added to ErrorCode in parallel with these files (typed errors): written by number, not by constant.
        error(33, "UNAVAILABLE", false, MessageType.PULL_DENSE.id, WORKER2 | 50, 1,
                "server 1 is shutting down; try again once it is back");
    }

    /**
     * Replicated tables (added with REPLICATE and STALE_EPOCH): table 5 has 2 replicas of each slice, and server 1
     * has been declared dead, so layout epoch 2 has servers 0 and 2 in service. The slice that server 2 owns has
     * its backup on server 0 (2 + 1 mod 3): server 2 forwards worker 2's push to it.
     */
    private void replication() {
        TableDescriptor t = layouts().get(4);
        add("install_table.request.replicated", "the coordinator installs table 5, each of whose 3 slices is held by "
                        + "its owner and the next server (replicas 2)", REQUEST, MessageType.INSTALL_TABLE, 11, 5, 0,
                ControlJson.descriptor(t));
        add("cluster_view.notification.server_out_of_service", "epoch 3 after server 1 was declared dead: it keeps "
                        + "its slot but is out of service (servers 0 and 2 in service, layout epoch 2), heartbeat "
                        + "timeout 2.5 s", NOTIFICATION, MessageType.CLUSTER_VIEW, 0, 0, 0,
                ControlJson.view(new ClusterView(3, List.of(new NodeAddress(0, "10.0.0.1", 7101),
                        new NodeAddress(1, "10.0.0.2", 7101), new NodeAddress(2, "10.0.0.3", 7101)),
                        new int[] {0, 1, 2, 3}, 4, Consistency.bsp(), 1024, 2, new int[] {0, 2}, 2500)));
        int slice = -1;
        for (int s = t.units() - 1; s >= 0 && slice < 0; s--) {
            slice = t.owner(s) == 2 ? s : -1;
        }
        long offset = (long) slice * t.sliceLength();
        ObjectNode push = inner(REQUEST, MessageType.PUSH_DENSE, WORKER2 | 60, 5, 5, dense(offset, 0.5f, -0.25f));
        add("replicate.request", "server 2, primary of slice " + slice + " of table 5, forwards worker 2's push of 2 "
                        + "values to its backup, server 0, under layout epoch 2 (its own request id, prefix 0; table "
                        + "and clock of the push)", REQUEST, MessageType.REPLICATE, 7, 5, 5,
                body().put("layoutEpoch", 2).set("frame", push));
        add("replicate.response", "the backup applied the push (empty body, clock copied)", RESPONSE,
                MessageType.REPLICATE, 7, 5, 5, body());
        error(ErrorCode.STALE_EPOCH, MessageType.REPLICATE, 8, 5,
                "REPLICATE of dense table 'mlp.l1.w' [256, 512] under layout epoch 1 refused: this server is at "
                        + "layout epoch 2, in which server 1 is out of service");
    }

    /**
     * A server rejoining the running job (added with CATCH_UP, SYNC and STATE), in a job of its own: 3 servers, 2
     * workers, BSP. Server 1 was declared dead (epoch 2, layout epoch 2); restarted on another host, it registered
     * again and was admitted into its old slot, the lowest lost one (epoch 3). The coordinator installs the job's
     * 2 tables on it over its new connection (requests 1 and 2), then sends CATCH_UP; server 1 sends SYNC to servers
     * 0 and 2, and server 0 answers with STATE frames over its link to server 1, whose request ids continue those of
     * the copies it sent there. Table 1 is dense under AdaGrad (1 state slot, the accumulators), table 2 sparse of
     * dim 2 in 8 partitions under Adam (2 state slots, m then v, and a step per row: Adam is the one optimizer that
     * keeps steps); both have 2 replicas, and server 0 is primary of the units shown, of which server 1 is the
     * backup.
     */
    private void rejoining() {
        add("cluster_view.notification.server_joining", "epoch 3 of a job of 3 servers and 2 workers: server 1, "
                        + "declared dead in epoch 2, registered again from 10.0.0.4 and took its slot back; it is "
                        + "joining (catching up: primaries copy every push to it, workers send it their CLOCKs) but "
                        + "not in service, so layout epoch 2 stands", NOTIFICATION, MessageType.CLUSTER_VIEW, 0, 0, 0,
                ControlJson.view(new ClusterView(3, List.of(new NodeAddress(0, "10.0.0.1", 7101),
                        new NodeAddress(1, "10.0.0.4", 7101), new NodeAddress(2, "10.0.0.3", 7101)),
                        new int[] {0, 1}, 2, Consistency.bsp(), 8, 2, new int[] {0, 2}, 3000, new int[] {1})));
        add("catch_up.request", "the coordinator asks joining server 1 to catch up, after installing the job's 2 "
                + "tables on it (requests 1 and 2 of its new connection)", REQUEST, MessageType.CATCH_UP, 3, 0, 0,
                body());
        add("catch_up.response", "server 1 holds the state of every unit it is a replica of (empty body); the "
                + "coordinator puts it in service under layout epoch 3", RESPONSE, MessageType.CATCH_UP, 3, 0, 0,
                body());
        add("sync.request", "joining server 1, at view epoch 3, asks server 0 (in service) for the state of the units "
                + "it holds", REQUEST, MessageType.SYNC, 1, 0, 0, body().put("viewEpoch", 3).put("serverId", 1));
        add("sync.response", "server 0 sent its STATE frames and server 1 acknowledged every one (empty body)",
                RESPONSE, MessageType.SYNC, 1, 0, 0, body());
        ObjectNode clocks = body().put("kind", "CLOCKS").put("n", 2);
        clocks.putArray("clocks").add(body().put("worker", 0).put("clock", 7)).add(body().put("worker", 1)
                .put("clock", 6));
        add("state.request.clocks", "first, server 0 sends its workers' clocks: worker 0 at 7, worker 1 at 6 (table "
                + "id 0)", REQUEST, MessageType.STATE, 2041, 0, 0, clocks);
        ObjectNode run = body().put("kind", "DENSE_RUN").put("slice", 0).put("step", "37").put("at", 1 << 20)
                .put("count", 4).put("slots", 1);
        run.set("params", floats(0.5f, -1.5f, 0.25f, 2f));
        run.putArray("state").add(floats(1f, 2.25f, 0.0625f, 4f));
        add("state.request.dense_run", "then the state of slice 0 of table 1 (AdaGrad), in runs of at most 2^20 "
                + "floats: its second run, 4 elements from element 2^20 of the slice, the parameters then the "
                + "accumulators, and the slice's step 37", REQUEST, MessageType.STATE, 2043, 1, 0, run);
        ObjectNode ids = body().put("kind", "REQUEST_IDS").put("n", 3);
        ids.putArray("ids").add(Long.toString((1L << 40) | 41)).add(Long.toString((2L << 40) | 40))
                .add(Long.toString((1L << 40) | 42));
        add("state.request.request_ids", "after the units of table 1, the request ids of the pushes server 0 has "
                + "applied, oldest first, taken under the same locks (table id 0)", REQUEST, MessageType.STATE, 2044,
                0, 0, ids);
        ObjectNode rows = body().put("kind", "SPARSE_ROWS").put("partition", 3).put("dim", 2).put("slots", 2)
                .put("hasSteps", true).put("n", 2);
        ArrayNode r = rows.putArray("rows");
        r.add(row(22, 12, floats(0.5f, -0.25f), floats(0.01f, -0.02f), floats(0.0009765625f, 0.00390625f)));
        r.add(row(-1, 3, floats(-0.125f, 1f), floats(0f, 0.5f), floats(0.25f, 0.0625f)));
        add("state.request.sparse_rows", "then the rows of partition 3 of table 2 (dim 2, Adam): keys 22 and -1 "
                + "(both in partition 3 of 8), each with its step, 2 parameters, then 2 floats of m and 2 of v",
                REQUEST, MessageType.STATE, 2045, 2, 0, rows);
        add("state.response", "server 1 took the run (empty body, clock 0)", RESPONSE, MessageType.STATE, 2043, 1, 0,
                body());
    }

    private static ObjectNode row(long key, long step, ArrayNode params, ArrayNode... state) {
        ObjectNode row = body().put("key", Long.toString(key)).put("step", Long.toString(step));
        row.set("params", params);
        ArrayNode slots = row.putArray("state");
        for (ArrayNode s : state) {
            slots.add(s);
        }
        return row;
    }

    /** A frame carried inside another: an entry without file and description, its length as the writer lays it out. */
    private static ObjectNode inner(int flags, MessageType type, long id, int table, int clock, ObjectNode b) {
        GoldenFrameCases c = new GoldenFrameCases();
        c.add("", "", flags, type, id, table, clock, b);
        ObjectNode e = c.out.get(0);
        e.remove("file");
        e.remove("description");
        e.put("length", AnnotatedFrameWriter.length(e));
        return e;
    }

    private void error(ErrorCode code, MessageType type, long id, int table, String message) {
        error(code, type.id, id, table, message);
    }

    private void error(ErrorCode code, int typeId, long id, int table, String message) {
        error(code.id, code.name(), code.fatalToConnection, typeId, id, table, message);
    }

    private void error(int code, String name, boolean fatal, int typeId, long id, int table, String message) {
        ObjectNode b = body().put("code", code).put("name", name).put("message", message);
        String what = "error " + name + (fatal ? " (the connection is closed after it)" : "");
        add("error." + name.toLowerCase(java.util.Locale.ROOT), what, ERROR, typeId, id, table, 0, b);
    }

    void add(String name, String description, int flags, MessageType type, long id, int table, int clock,
             ObjectNode b) {
        add(name, description, flags, type.id, id, table, clock, b);
    }

    private void add(String name, String description, int flags, int typeId, long id, int table, int clock,
                     ObjectNode b) {
        MessageType type = MessageType.ofId(typeId);
        ObjectNode e = JSON.createObjectNode();
        e.put("file", "frames/" + name + ".hex");
        e.put("description", description);
        e.put("kind", flags == REQUEST ? "request" : flags == RESPONSE ? "response" : flags == ERROR ? "error"
                : "notification");
        if (type == null) {
            e.putNull("type");
        } else {
            e.put("type", type.name());
        }
        e.put("typeId", typeId);
        e.put("flags", flags);
        e.put("requestId", Long.toString(id));
        e.put("tableId", table);
        e.put("clock", clock);
        e.put("length", -1);
        e.set("body", b);
        out.add(e);
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    private static ObjectNode dense(long offset, float... values) {
        ObjectNode b = body().put("offset", Long.toString(offset)).put("count", values.length);
        b.set("values", floats(values));
        return b;
    }

    private static ObjectNode denseReply(int minClock, float... values) {
        ObjectNode b = body().put("minClock", minClock).put("count", values.length);
        b.set("values", floats(values));
        return b;
    }

    private static ObjectNode sparse(int dim, long[] keys, float... values) {
        ObjectNode b = body().put("n", keys.length).put("dim", dim);
        ArrayNode k = b.putArray("keys");
        for (long key : keys) {
            k.add(Long.toString(key));
        }
        b.set("values", floats(values));
        return b;
    }

    private static ObjectNode sparseReply(int minClock, int dim, float... values) {
        ObjectNode b = body().put("minClock", minClock).put("n", values.length / dim).put("dim", dim);
        b.set("values", floats(values));
        return b;
    }

    private static ArrayNode floats(float... values) {
        ArrayNode a = JSON.createArrayNode();
        for (float v : values) {
            a.add(bits(v));
        }
        return a;
    }
}
