package dev.shoal.server.node;

import dev.shoal.protocol.cluster.ClusterView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete once a server is out of service in the latest view (gone, or back only as a joining server
 * that will receive the state it needs): how a primary waits out a backup whose link failed before the coordinator
 * noticed it died.
 *
 * <pre>{@code
 * ServersLeaving leaving = new ServersLeaving();
 * leaving.when(backup).thenRun(commit);       // at every view: leaving.onView(view)
 * }</pre>
 */
final class ServersLeaving {
    private record Waiting(int server, CompletableFuture<Void> gone) {
    }

    private final List<Waiting> waiting = new ArrayList<>();
    private ClusterView view;

    /** Completes once {@code server} is not in service (at once if it is not now). */
    synchronized CompletableFuture<Void> when(int server) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        if (view != null && !view.isInService(server)) {
            gone.complete(null);
        } else {
            waiting.add(new Waiting(server, gone));
        }
        return gone;
    }

    void onView(ClusterView v) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            view = v;
            waiting.removeIf(w -> !v.isInService(w.server()) && done.add(w.gone()));
        }
        done.forEach(f -> f.complete(null));
    }
}
