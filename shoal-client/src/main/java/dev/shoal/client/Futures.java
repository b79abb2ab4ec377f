package dev.shoal.client;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a future and rethrows its failure as the {@link ShoalException} the caller expects. */
final class Futures {
    private Futures() {
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShoalException(ErrorCode.TIMEOUT, "interrupted while waiting for the parameter servers");
        }
    }

    static ShoalException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ShoalException s) {
            return new ShoalException(s.code(), s.getMessage(), s);
        }
        return new ShoalException(ErrorCode.INTERNAL, String.valueOf(t), t);
    }

    /** A future that completes when all of {@code parts} have, failing with the first failure. */
    static CompletableFuture<Void> all(CompletableFuture<?>[] parts, int n) {
        if (n == 1) {
            return parts[0].thenApply(x -> null);
        }
        return CompletableFuture.allOf(n == parts.length ? parts : java.util.Arrays.copyOf(parts, n));
    }
}
