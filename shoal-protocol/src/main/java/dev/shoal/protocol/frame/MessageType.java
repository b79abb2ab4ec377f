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
    /** worker -> server. The header's clock is the worker's new clock (it finished clock-1). Response: empty. */
    CLOCK(20, true, "empty -> empty"),
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
    REPLICATE(23, true, "i32 layoutEpoch, frame -> empty");

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
