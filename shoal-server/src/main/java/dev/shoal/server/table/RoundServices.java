package dev.shoal.server.table;

import java.util.function.LongConsumer;

/**
 * What the BSP chains of the table parts need from the server around them: how to copy a closed round to the
 * backups, whom to tell when a round is committed (parked requests and CLOCK answers), and how to forget the request
 * ids of rounds that start over on another primary (so that their resent pushes are summed there and here again).
 *
 * <pre>{@code
 * RoundServices services = new RoundServices(copier, handler::roundCommitted, dedup::forget);
 * TablePartRegistry parts = new TablePartRegistry(services);
 * }</pre>
 */
public record RoundServices(RoundCopier copier, Runnable onCommit, LongConsumer forget) {
    /** Nothing copied, nobody told, nothing forgotten: a registry in a test. */
    public static final RoundServices NONE = new RoundServices(RoundCopier.NONE, () -> { }, id -> { });
}
