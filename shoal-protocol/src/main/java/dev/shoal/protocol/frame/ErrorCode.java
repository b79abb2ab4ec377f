package dev.shoal.protocol.frame;

/**
 * Why a request failed, carried in an error response (flag {@link FrameHeader#FLAG_ERROR}) as
 * {@code u16 code, str message}. Codes are wire values: never renumber.
 *
 * <pre>{@code
 * ShoalException e = ...;
 * if (e.code() == ErrorCode.SHAPE_MISMATCH) { ... }
 * if (e.retriable()) { ... send the same request again, with the same request id ... }
 * }</pre>
 *
 * <p>Each code is thrown as one subclass of {@link ShoalException} (see {@code dev.shoal.protocol.error.Errors}).
 * {@link #retriable} says whether the same request may succeed if sent again unchanged: the cluster's state
 * (ownership, membership, a connection) may change, the request itself was fine. TIMEOUT is retriable only for
 * an idempotent request ({@link MessageType#idempotent}), which {@code RequestTimeoutException} decides.
 */
public enum ErrorCode {
    INTERNAL(1, false, false),
    MALFORMED_FRAME(2, true, false),
    UNSUPPORTED_VERSION(3, true, false),
    UNKNOWN_TYPE(4, true, false),
    FRAME_TOO_LARGE(5, true, false),
    UNKNOWN_TABLE(10, false, false),
    SHAPE_MISMATCH(11, false, false),
    KEY_OUT_OF_RANGE(12, false, false),
    NON_FINITE_GRADIENT(13, false, false),
    TABLE_CONFLICT(14, false, false),
    /** The slice or partition lives on another server now: retry once the new cluster view arrived. */
    NOT_OWNER(15, false, true),
    TOO_MANY_KEYS(16, false, false),
    /** A BSP push for a clock whose round was already applied (the worker was declared dead meanwhile). */
    STALE_PUSH(17, false, false),
    /** A server has not the memory for its share of a table; said when the table is created, not when it fills. */
    RESOURCE_EXHAUSTED(18, false, false),
    /** The cluster is not complete yet (or has no slot for this node): retry later. */
    CLUSTER_NOT_READY(20, false, true),
    UNREACHABLE(30, false, true),
    CONNECTION_CLOSED(31, false, true),
    /** Retriable only for an idempotent request: see {@code RequestTimeoutException#retriable}. */
    TIMEOUT(32, false, true),
    /** The server is shutting down or cannot serve now; another attempt (or another server) may succeed. */
    UNAVAILABLE(33, false, true),
    /**
     * The sender acted on an older layout epoch than the receiver's (a replica refusing what a demoted primary
     * forwards), or the coordinator no longer counts the sender a member (it was declared dead): the sender must
     * take the newer view before anything it does can count. Retriable once the view is newer.
     */
    STALE_EPOCH(34, false, true);

    private static final ErrorCode[] BY_ID = new ErrorCode[64];

    static {
        for (ErrorCode c : values()) {
            BY_ID[c.id] = c;
        }
    }

    /** Wire id. */
    public final int id;
    /** True when the peer closes the connection after sending this error (the byte stream can't be trusted). */
    public final boolean fatalToConnection;
    /** True when the same request, sent again unchanged, may succeed (for TIMEOUT: if it is idempotent). */
    public final boolean retriable;

    ErrorCode(int id, boolean fatalToConnection, boolean retriable) {
        this.id = id;
        this.fatalToConnection = fatalToConnection;
        this.retriable = retriable;
    }

    /** The code with this id; unknown ids read as INTERNAL so that an old client still reports an error. */
    public static ErrorCode ofId(int id) {
        ErrorCode c = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        return c == null ? INTERNAL : c;
    }
}
