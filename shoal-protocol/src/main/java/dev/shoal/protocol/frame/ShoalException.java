package dev.shoal.protocol.frame;

/**
 * A failed request, with the code the server (or the client's transport) gave and a message meant for a person.
 *
 * <pre>{@code
 * try {
 *     table.push(grad);
 * } catch (ShoalException e) {
 *     log.error("push refused ({}): {}", e.code(), e.getMessage());
 * }
 * }</pre>
 */
public final class ShoalException extends RuntimeException {
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
}
