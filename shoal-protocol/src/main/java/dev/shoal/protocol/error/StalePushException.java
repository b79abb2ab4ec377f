package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#STALE_PUSH}. A BSP push for a round already applied (this worker was declared dead meanwhile): not retriable.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (StalePushException e) {
 *     log.warn("this worker was dropped from the round: {}", e.getMessage());
 * }
 * }</pre>
 */
public class StalePushException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public StalePushException(String message) {
        super(ErrorCode.STALE_PUSH, message);
    }

    public StalePushException(String message, Throwable cause) {
        super(ErrorCode.STALE_PUSH, message, cause);
    }
}
