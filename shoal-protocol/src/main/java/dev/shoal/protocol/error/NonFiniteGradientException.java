package dev.shoal.protocol.error;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;

/**
 * {@link ErrorCode#NON_FINITE_GRADIENT}. A push held NaN or Inf and was refused whole: nothing was applied; not retriable as is.
 *
 * <pre>{@code
 * try {
 *     ...
 * } catch (NonFiniteGradientException e) {
 *     skippedBatches++;                           // the model is untouched
 * }
 * }</pre>
 */
public class NonFiniteGradientException extends ShoalException {
    private static final long serialVersionUID = 1L;

    public NonFiniteGradientException(String message) {
        super(ErrorCode.NON_FINITE_GRADIENT, message);
    }

    public NonFiniteGradientException(String message, Throwable cause) {
        super(ErrorCode.NON_FINITE_GRADIENT, message, cause);
    }
}
