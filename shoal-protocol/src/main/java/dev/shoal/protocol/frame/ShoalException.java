package dev.shoal.protocol.frame;

/**
 * A failed request, with the code the server (or the client's transport) gave and a message meant for a person.
 * The base of one subclass per {@link ErrorCode} (package {@code dev.shoal.protocol.error}), so that a caller can
 * catch what it can handle and ask any failure whether trying again may help.
 *
 * <pre>{@code
 * try {
 *     table.push(grad);
 * } catch (NonFiniteGradientException e) {
 *     skipBatch();                                  // nothing was applied
 * } catch (ShoalException e) {
 *     if (!e.retriable()) throw e;                  // bad shape, unknown table, ...: a bug, not bad luck
 *     table.push(grad);                             // NOT_OWNER, UNAVAILABLE, a timed-out push, ...
 * }
 * }</pre>
 *
 * <p>Retriability is a method rather than a marker superclass ({@code RetriableShoalException}) because one code
 * is retriable or not depending on the request: a timed-out pull may be sent again, a timed-out REGISTER must not
 * (see {@code RequestTimeoutException}). Build instances with {@code Errors.of(code, message)}, which picks the
 * subclass; the public constructors remain for code that only puts the code and message on the wire.
 */
public class ShoalException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public ShoalException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ShoalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** True when sending the same request again (same request id) may succeed; see {@link ErrorCode#retriable}. */
    public boolean retriable() {
        return code.retriable;
    }
}
