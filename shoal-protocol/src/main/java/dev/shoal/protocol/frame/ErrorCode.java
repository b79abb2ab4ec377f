package dev.shoal.protocol.frame;

/**
 * Why a request failed, carried in an error response (flag {@link FrameHeader#FLAG_ERROR}) as
 * {@code u16 code, str message}. Codes are wire values: never renumber.
 *
 * <pre>{@code
 * ShoalException e = ...;
 * if (e.code() == ErrorCode.SHAPE_MISMATCH) { ... }
 * }</pre>
 */
public enum ErrorCode {
    INTERNAL(1, false),
    MALFORMED_FRAME(2, true),
    UNSUPPORTED_VERSION(3, true),
    UNKNOWN_TYPE(4, true),
    FRAME_TOO_LARGE(5, true),
    UNKNOWN_TABLE(10, false),
    SHAPE_MISMATCH(11, false),
    KEY_OUT_OF_RANGE(12, false),
    NON_FINITE_GRADIENT(13, false),
    TABLE_CONFLICT(14, false),
    NOT_OWNER(15, false),
    TOO_MANY_KEYS(16, false),
    /** A BSP push for a clock whose round was already applied (the worker was declared dead meanwhile). */
    STALE_PUSH(17, false),
    /** A server has not the memory for its share of a table; said when the table is created, not when it fills. */
    RESOURCE_EXHAUSTED(18, false),
    CLUSTER_NOT_READY(20, false),
    UNREACHABLE(30, false),
    CONNECTION_CLOSED(31, false),
    TIMEOUT(32, false);

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

    ErrorCode(int id, boolean fatalToConnection) {
        this.id = id;
        this.fatalToConnection = fatalToConnection;
    }

    /** The code with this id; unknown ids read as INTERNAL so that an old client still reports an error. */
    public static ErrorCode ofId(int id) {
        ErrorCode c = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        return c == null ? INTERNAL : c;
    }
}
