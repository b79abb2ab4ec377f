package dev.shoal.server.table;

import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * What the BSP chains of the table parts need from the server around them: how to copy a closed round to the
 * backups, whom to tell when a round is applied or committed (parked requests and CLOCK answers), and the server's
 * request ids: a closed round's are remembered as applied ({@code remember}), a push whose round is closed is
 * recognized by them ({@code applied}), and a rejoining server forgets those of its primary's open rounds
 * ({@code forget}). The ids of open rounds are the chain's own until it closes them, so a round that starts over on
 * another primary is summed there from the resent pushes, never mistaken for applied.
 *
 * <pre>{@code
 * RoundServices services = new RoundServices(copier, handler::roundCommitted, dedup::forget, dedup::contains,
 *         ids -> dedup.addAll(ids, ids.length));
 * TablePartRegistry parts = new TablePartRegistry(services);
 * }</pre>
 */
public record RoundServices(RoundCopier copier, Runnable onCommit, LongConsumer forget, LongPredicate applied,
                            Consumer<long[]> remember) {
    /** Nothing copied, nobody told, no id remembered: a registry in a test. */
    public static final RoundServices NONE = new RoundServices(RoundCopier.NONE, () -> { }, id -> { }, id -> false,
            ids -> { });
}
