package dev.shoal.coordinator;

import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.time.Backoff;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a server that rejoined the running job back into service: installs every table on it, asks it to catch up
 * (CATCH_UP: it fetches the state of the units it holds from their primaries while they copy every new push to it),
 * then puts it in service under a new layout epoch, so the job's units have their replicas again.
 *
 * <pre>{@code
 * membership.onRejoin(new ServerRejoin(membership, catalog)::start);
 * }</pre>
 *
 * <p>Any failure (a table refused, the catch-up failed, the layout changed meanwhile so that some unit's primary
 * moved) is tried again after a jittered backoff (100 ms doubling to 5 s) for as long as the server is alive and
 * joining; catching up again is harmless (state overwrites, request ids and clocks merge).
 */
final class ServerRejoin {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRejoin.class);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5),
            new SplittableRandom());
    private final Membership membership;
    private final TableCatalog catalog;

    ServerRejoin(Membership membership, TableCatalog catalog) {
        this.membership = membership;
        this.catalog = catalog;
    }

    /** Starts catching {@code m} up (called under the coordinator's lock: everything here is asynchronous). */
    void start(Member m) {
        CompletableFuture.runAsync(() -> attempt(m, 1));
    }

    private void attempt(Member m, int attempt) {
        if (!membership.isJoining(m)) {
            return;
        }
        int layout = membership.layoutEpoch();
        long start = System.nanoTime();
        catalog.installAll(m.id, m.client).thenCompose(x -> catchUp(m)).whenComplete((ok, failure) -> {
            if (failure == null && membership.enterService(m, layout)) {
                LOG.info("{} caught up in {} ms (attempt {})", m, (System.nanoTime() - start) / 1_000_000, attempt);
                return;
            }
            if (!membership.isJoining(m)) {
                return;
            }
            String why = failure == null ? "the layout changed while it caught up"
                    : Futures.unwrap(failure).getMessage();
            long wait = RETRY.delay(attempt).toMillis();
            LOG.warn("{} did not catch up ({}); trying again in {} ms", m, why, wait);
            CompletableFuture.runAsync(() -> attempt(m, attempt + 1),
                    CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS));
        });
    }

    private static CompletableFuture<Void> catchUp(Member m) {
        ByteBuf f = FrameHeader.allocate(m.client.alloc(), MessageType.CATCH_UP, m.client.nextRequestId(), 0, 0, 0);
        return m.client.call(FrameHeader.finish(f)).thenAccept(ByteBuf::release);
    }
}
