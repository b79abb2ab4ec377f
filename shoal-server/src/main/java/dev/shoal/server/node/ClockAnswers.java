package dev.shoal.server.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * CLOCK answers held until the rounds before a given one are held by every replica of the BSP chains this server is
 * primary of: the answer tells the worker it may forget its pushes of those rounds (a new primary will never need
 * them again).
 *
 * <pre>{@code
 * ClockAnswers answers = new ClockAnswers(tables::committedFloor);
 * answers.when(newClock - 1).thenRun(reply);    // at every commit and view: answers.check()
 * }</pre>
 */
final class ClockAnswers {
    private record Waiting(int floor, CompletableFuture<Void> done) {
    }

    private final IntSupplier committedFloor;
    private final List<Waiting> waiting = new ArrayList<>();

    /** {@code committedFloor}: rounds below it are held by every replica of every chain this server is primary of. */
    ClockAnswers(IntSupplier committedFloor) {
        this.committedFloor = committedFloor;
    }

    /** Completes once the committed floor is at least {@code floor} (at once if it is now). */
    synchronized CompletableFuture<Void> when(int floor) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (committedFloor.getAsInt() >= floor) {
            done.complete(null);
        } else {
            waiting.add(new Waiting(floor, done));
        }
        return done;
    }

    /** The floor may have risen: completes what waited for it. */
    void check() {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            int floor = committedFloor.getAsInt();
            waiting.removeIf(w -> w.floor() <= floor && ready.add(w.done()));
        }
        ready.forEach(f -> f.complete(null));
    }
}
