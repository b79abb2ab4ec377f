package dev.shoal.bench.loop;

import java.util.concurrent.CompletableFuture;

/**
 * One benchmarked operation, started asynchronously; the loop decides how many run at once.
 *
 * <pre>{@code
 * AsyncOp push = () -> table.pushAsync(grad);
 * }</pre>
 */
@FunctionalInterface
public interface AsyncOp {
    /** Starts the operation; the future completes when the servers have answered. */
    CompletableFuture<?> start();
}
