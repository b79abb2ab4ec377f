package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#STALE_EPOCH}. The sender acted on an older layout than the receiver's: a backup refuses what a
 * server that has since lost its primary role forwards, and the coordinator refuses the heartbeat of a node it has
 * declared dead. Nothing was applied; the sender must take the newer view first.
 *
 * <pre>{@code
 * try {
 *     forward(frame);
 * } catch (StaleEpochException e) {
 *     answerRetriable(worker);     // the worker resends to the primary of the newer layout
 * }
 * }</pre>
 */
public class StaleEpochException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public StaleEpochException(String message) {
        super(ErrorCode.STALE_EPOCH, message);
    }

    public StaleEpochException(String message, Throwable cause) {
        super(ErrorCode.STALE_EPOCH, message, cause);
    }
}
