package dev.shoal.transport.rpc;

import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.error.ShoalInterruptedException;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one way Shoal waits for a request's future and turns its failure into the {@link ShoalException} a caller
 * catches: the client, the coordinator session and the coordinator all go through it.
 *
 * <pre>{@code
 * ByteBuf reply = Futures.await(rpc.call(frame), "the coordinator's answer");   // caller releases reply
 * CompletableFuture<Void> all = Futures.all(parts, n);
 * }</pre>
 *
 * <p>No timeout here: every request sent through {@link RpcClient} has its own deadline, so its future always
 * completes. An interrupt while waiting throws {@link ShoalInterruptedException} (the thread stays interrupted),
 * never a TIMEOUT.
 */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for {@code f}. A failure is rethrown as its {@link ShoalException}, copied so that its stack trace shows
     * this caller (the original, built on a network thread, is its cause); {@code waitingFor} names what was
     * awaited in the interrupt's message.
     */
    public static <T> T await(CompletableFuture<T> f, String waitingFor) {
        try {
            return f.get();
        } catch (ExecutionException | CompletionException e) {
            throw Errors.rethrowable(unwrap(e));
        } catch (InterruptedException e) {
            throw new ShoalInterruptedException("interrupted while waiting for " + waitingFor, e);
        }
    }

    /**
     * The {@link ShoalException} behind a future's failure, through any {@link CompletionException} or
     * {@link ExecutionException} wrapping: itself when it is one, TIMEOUT for a {@link TimeoutException}
     * ({@code orTimeout}), INTERNAL for anything else (a bug, named in the message).
     */
    public static ShoalException unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ShoalException s) {
            return s;
        }
        if (t instanceof TimeoutException) {
            return Errors.of(ErrorCode.TIMEOUT, "timed out", t);
        }
        return Errors.of(ErrorCode.INTERNAL, "unexpected failure: " + t, t);
    }

    /** A future that completes when the first {@code n} of {@code parts} have, failing with the first failure. */
    public static CompletableFuture<Void> all(CompletableFuture<?>[] parts, int n) {
        if (n == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (n == 1) {
            return parts[0].thenApply(x -> null);
        }
        return CompletableFuture.allOf(n == parts.length ? parts : Arrays.copyOf(parts, n));
    }
}
