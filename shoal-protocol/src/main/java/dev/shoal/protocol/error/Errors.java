package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * The one place that turns an error code into the exception a caller catches: every {@link ErrorCode} maps to one
 * subclass of {@link ShoalException}.
 *
 * <pre>{@code
 * ShoalException e = Errors.of(ErrorCode.NOT_OWNER, "slice 3 of 'w' moved to server 2");
 * assert e instanceof NotOwnerException && e.retriable();
 * }</pre>
 *
 * <pre>
 * code                 id  exception                    retriable
 * INTERNAL              1  InternalErrorException       no
 * MALFORMED_FRAME       2  ProtocolViolationException   no (the connection is closed)
 * UNSUPPORTED_VERSION   3  ProtocolViolationException   no (the connection is closed)
 * UNKNOWN_TYPE          4  ProtocolViolationException   no (the connection is closed)
 * FRAME_TOO_LARGE       5  ProtocolViolationException   no (the connection is closed)
 * UNKNOWN_TABLE        10  UnknownTableException        no
 * SHAPE_MISMATCH       11  ShapeMismatchException       no
 * KEY_OUT_OF_RANGE     12  KeyOutOfRangeException       no
 * NON_FINITE_GRADIENT  13  NonFiniteGradientException   no
 * TABLE_CONFLICT       14  TableConflictException       no
 * NOT_OWNER            15  NotOwnerException            yes
 * TOO_MANY_KEYS        16  TooManyKeysException         no
 * STALE_PUSH           17  StalePushException           no
 * RESOURCE_EXHAUSTED   18  ResourceExhaustedException   no
 * CLUSTER_NOT_READY    20  ClusterNotReadyException     yes
 * UNREACHABLE          30  UnreachableException         yes
 * CONNECTION_CLOSED    31  ConnectionClosedException    yes
 * TIMEOUT              32  RequestTimeoutException      if the request is idempotent
 * UNAVAILABLE          33  UnavailableException         yes
 * </pre>
 */
public final class Errors {
    private Errors() {
    }

    public static ShoalException of(ErrorCode code, String message) {
        return of(code, message, null);
    }

    /**
     * The exception for {@code code}. A TIMEOUT built here (one a peer reported) names no request kind and so is
     * not retriable; the transport's own deadlines build {@link RequestTimeoutException} with the kind.
     */
    public static ShoalException of(ErrorCode code, String message, Throwable cause) {
        return switch (code) {
            case INTERNAL -> new InternalErrorException(message, cause);
            case MALFORMED_FRAME, UNSUPPORTED_VERSION, UNKNOWN_TYPE, FRAME_TOO_LARGE ->
                    new ProtocolViolationException(code, message, cause);
            case UNKNOWN_TABLE -> new UnknownTableException(message, cause);
            case SHAPE_MISMATCH -> new ShapeMismatchException(message, cause);
            case KEY_OUT_OF_RANGE -> new KeyOutOfRangeException(message, cause);
            case NON_FINITE_GRADIENT -> new NonFiniteGradientException(message, cause);
            case TABLE_CONFLICT -> new TableConflictException(message, cause);
            case NOT_OWNER -> new NotOwnerException(message, cause);
            case TOO_MANY_KEYS -> new TooManyKeysException(message, cause);
            case STALE_PUSH -> new StalePushException(message, cause);
            case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(message, cause);
            case CLUSTER_NOT_READY -> new ClusterNotReadyException(message, cause);
            case UNREACHABLE -> new UnreachableException(message, cause);
            case CONNECTION_CLOSED -> new ConnectionClosedException(message, cause);
            case TIMEOUT -> new RequestTimeoutException(null, message, cause);
            case UNAVAILABLE -> new UnavailableException(message, cause);
            case STALE_EPOCH -> new StaleEpochException(message, cause);
        };
    }

    /**
     * The same failure as {@code e}, with the current thread's stack trace and {@code e} as its cause: a future's
     * failure was built on a network thread, whose stack says nothing about which caller waited for it.
     */
    public static ShoalException rethrowable(ShoalException e) {
        if (e instanceof RequestTimeoutException t) {
            return new RequestTimeoutException(t.type(), t.getMessage(), t);
        }
        return of(e.code(), e.getMessage(), e);
    }
}
