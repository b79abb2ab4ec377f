package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Futures that complete with the first view of a newer layout epoch, or with the latest view after a delay: how a
 * primary waits before copying a closed round again to a backup that did not take it (its link failed, or it had
 * moved to a newer layout than the copy was sent under).
 *
 * <pre>{@code
 * LayoutWaits layouts = new LayoutWaits();               // at every view: layouts.onView(view)
 * layouts.after(usedEpoch, Duration.ofSeconds(1)).thenCompose(v -> copyAgain(v));
 * }</pre>
 */
final class LayoutWaits {
    private record Waiting(int epoch, CompletableFuture<ClusterView> next) {
    }

    private final List<Waiting> waiting = new ArrayList<>();
    private volatile ClusterView view;

    /**
     * Completes with the first view whose layout epoch is above {@code epoch} (at once if the latest is), or with
     * the latest view after {@code patience}, whichever comes first.
     */
    CompletableFuture<ClusterView> after(int epoch, Duration patience) {
        CompletableFuture<ClusterView> next = new CompletableFuture<>();
        synchronized (this) {
            ClusterView v = view;
            if (v != null && v.layoutEpoch() > epoch) {
                next.complete(v);
                return next;
            }
            waiting.add(new Waiting(epoch, next));
        }
        CompletableFuture.delayedExecutor(patience.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                waiting.removeIf(w -> w.next() == next);
            }
            next.complete(view);
        });
        return next;
    }

    void onView(ClusterView v) {
        List<CompletableFuture<ClusterView>> ready = new ArrayList<>();
        synchronized (this) {
            view = v;
            waiting.removeIf(w -> v.layoutEpoch() > w.epoch() && ready.add(w.next()));
        }
        ready.forEach(f -> f.complete(v));
    }
}
