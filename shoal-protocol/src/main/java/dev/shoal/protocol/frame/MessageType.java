package dev.shoal.protocol.frame;

/**
 * Every message Shoal sends, with its wire id and the shape of its body. Ids are part of the wire format: never
 * renumber, only add. The header ({@link FrameHeader}) is the same for all of them.
 *
 * <pre>{@code
 * MessageType t = MessageType.ofId(frame.getUnsignedByte(FrameHeader.TYPE_OFFSET)); // null if unknown
 * }</pre>
 *
 * <p>Bodies are little-endian. {@code str} is a u16 length and UTF-8 bytes; {@code f32[n]} are raw floats.
 */
public enum MessageType {
    /** node -> coordinator. Request: u8 role, str host, i32 port. Response: i32 nodeId, str status. */
    REGISTER(1, false, "u8 role, str host, i32 port -> i32 nodeId, str status"),
    /** node -> coordinator, periodic. Request: i32 nodeId, u8 role. Response: empty. */
    HEARTBEAT(2, true, "i32 nodeId, u8 role -> empty"),
    /** coordinator -> node, notification (request id 0). Body: the cluster view. */
    CLUSTER_VIEW(3, true, "ClusterView"),
    /** worker -> coordinator. Request: TableSpec. Response: TableDescriptor (creates, or opens an equal one). */
    CREATE_TABLE(4, true, "TableSpec -> TableDescriptor"),
    /** worker -> coordinator. Request: str name. Response: TableDescriptor. */
    OPEN_TABLE(5, true, "str name -> TableDescriptor"),
    /** coordinator -> server. Request: TableDescriptor. Response: empty once the server holds its part. */
    INSTALL_TABLE(6, true, "TableDescriptor -> empty"),
    /** worker -> server. Request: i64 offset, i32 count, f32[count]. Response: empty. */
    PUSH_DENSE(10, true, "i64 offset, i32 count, f32[count] -> empty"),
    /** worker -> server. Request: i64 offset, i32 count. Response: i32 minClock, i32 count, f32[count]. */
    PULL_DENSE(11, true, "i64 offset, i32 count -> i32 minClock, i32 count, f32[count]"),
    /** worker -> server. Push, then pull the same range in one round trip. Response as PULL_DENSE. */
    PUSH_PULL_DENSE(12, true, "i64 offset, i32 count, f32[count] -> i32 minClock, i32 count, f32[count]"),
    /** worker -> server. Request: i32 n, i32 dim, i64[n] keys, f32[n*dim]. Response: empty. */
    PUSH_SPARSE(13, true, "i32 n, i32 dim, i64[n], f32[n*dim] -> empty"),
    /** worker -> server. Request: i32 n, i32 dim, i64[n] keys. Response: i32 minClock, i32 n, i32 dim, f32[n*dim]. */
    PULL_SPARSE(14, true, "i32 n, i32 dim, i64[n] -> i32 minClock, i32 n, i32 dim, f32[n*dim]"),
    /** worker -> server. Push rows, then pull the same keys. Response as PULL_SPARSE. */
    PUSH_PULL_SPARSE(15, true, "i32 n, i32 dim, i64[n], f32[n*dim] -> i32 minClock, i32 n, i32 dim, f32[n*dim]"),
    /**
     * worker -> server. The header's clock is the worker's new clock (it finished clock-1). Request: empty, or how
     * many push frames the worker sent in the round it finished to each chain of a replicated BSP table (the units of
     * one owner): i32 n, (i32 tableId, i32 owner, i32 pushes)[n]. A server closes such a round only once it has
     * them all. Response: i32 layoutEpoch, the layout the server recorded the clock under; where this server is
     * primary of replicated BSP units, sent only once rounds up to clock-2 are held by all their replicas. When every
     * server answered under one layout no older than the worker's, the worker may forget its pushes of those rounds.
     */
    CLOCK(20, true, "[i32 n, (i32 tableId, i32 owner, i32 pushes)[n]] -> i32 layoutEpoch"),
    /** any -> any. Round trip with an opaque body echoed back; used for latency and liveness probes. */
    ECHO(21, true, "bytes -> same bytes"),
    /** node -> coordinator. Request: i32 nodeId, u8 role. The node is done: it leaves the live set. Response: empty. */
    LEAVE(22, true, "i32 nodeId, u8 role -> empty"),
    /**
     * primary server -> backup server. Request: the layout epoch the primary acts under, then a whole frame (a
     * worker's push, its header and request id kept) that the backup applies to its replica of the units it holds,
     * deduplicated by the inner request id. Refused with STALE_EPOCH under an older layout epoch than the backup's.
     * Response: empty.
     */
    REPLICATE(23, true, "i32 layoutEpoch, frame -> empty"),
    /**
     * coordinator -> a server that rejoined the running job (joining in the view). Request: empty. The server asks
     * every server in service for the state of the units it holds (SYNC) and answers once it has all of it.
     * Response: empty. Sent again after a failure.
     */
    CATCH_UP(24, true, "empty -> empty"),
    /**
     * joining server -> server in service. Request: i32 viewEpoch (the joining server's view, which the receiver
     * must have reached), i32 serverId (the joining server's). The receiver sends the joining server, over its own connection to it and in order with
     * the copies it sends there, its request ids (STATE dedup), its workers' clocks and the state of every unit it
     * is primary of and the joining server holds, then answers. Response: empty.
     */
    SYNC(25, true, "i32 viewEpoch, i32 serverId -> empty"),
    /**
     * server in service -> joining server. Request: u8 kind, then by kind: 1 request ids (i32 n, i64[n]); 2 worker
     * clocks (i32 n, (i32 worker, i32 clock)[n]); 3 a run of a dense slice (i32 slice, i64 step, i32 at, i32 count,
     * u8 slots, f32[count] parameters, f32[count] per optimizer state slot); 4 rows of a sparse partition
     * (i32 partition, i32 dim, u8 slots, u8 hasSteps, i32 n, n x (i64 key, [i64 step], f32[dim] parameters,
     * f32[dim] per slot)); 5 the BSP rounds of a chain (i32 owner, i32 committed, i32 n, (i32 round, i32 worker,
     * i32 pushes)[n], i32 m, i64[m]: rounds below committed are applied, the push counts workers announced for later
     * ones, and the request ids summed in the open rounds, which the receiver must not count as applied).
     * The header's table id names the table of kinds 3, 4 and 5. Response: empty.
     */
    STATE(26, true, "u8 kind, kind's body -> empty"),
    /**
     * primary server -> backup server, BSP tables of several replicas (replication after aggregation). Request:
     * the layout epoch the primary acts under, the owner naming the chain (the units of that owner, which share
     * their replicas), the scale the primary applied (1 / contributors), and the request ids summed in the round;
     * the header's table id and clock name the table and the round. The round's sum came before it as REPLICATE
     * frames (the sum of each unit as a push frame whose clock is the round). The backup applies the sum times the
     * scale once, as the primary did, and remembers the ids. Refused with STALE_EPOCH under an older epoch.
     * Response: empty.
     */
    ROUND_CLOSE(27, true, "i32 layoutEpoch, i32 owner, f32 scale, i32 n, i64[n] request ids -> empty");

    private static final MessageType[] BY_ID = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    /** Wire id. */
    public final int id;
    /**
     * True when the receiver may get this request twice (same request id) without harm, so that a request that
     * timed out may be sent again: pulls read; pushes are deduplicated by request id on the server; CLOCK carries
     * the worker's absolute new clock; CREATE_TABLE creates or opens the equal table, INSTALL_TABLE of the same
     * descriptor is a no-op, HEARTBEAT and LEAVE only restate. REGISTER is not: a repeat takes a second slot.
     */
    public final boolean idempotent;
    /** Body layout, request -> response, for humans and docs. */
    public final String layout;

    MessageType(int id, boolean idempotent, String layout) {
        this.id = id;
        this.idempotent = idempotent;
        this.layout = layout;
    }

    /** The type with this id, or null when the id is unknown (the caller answers UNKNOWN_TYPE). */
    public static MessageType ofId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** True for messages that change parameters (their request ids are remembered to make retries idempotent). */
    public boolean isPush() {
        return this == PUSH_DENSE || this == PUSH_PULL_DENSE || this == PUSH_SPARSE || this == PUSH_PULL_SPARSE;
    }
}
