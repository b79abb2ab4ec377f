package dev.shoal.protocol.error;

/**
 * A blocking call was interrupted: the caller's thread asked to stop. Unchecked, so that the blocking API needs no
 * {@code throws InterruptedException}; the thread's interrupt flag stays set, so code further up still sees it.
 *
 * <pre>{@code
 * try {
 *     table.pull(values);
 * } catch (ShoalInterruptedException e) {
 *     return;                                       // Thread.currentThread().isInterrupted() is still true
 * }
 * }</pre>
 *
 * <p>Deliberately not a {@code ShoalException}: an interrupt is no failure of the cluster and has no error code,
 * and a {@code catch (ShoalException e) { if (e.retriable()) retry(); }} loop must never swallow it.
 */
public class ShoalInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Re-asserts the current thread's interrupt flag (blocking calls clear it when they throw). */
    public ShoalInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }
}
