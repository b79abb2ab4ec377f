package dev.shoal.server.table;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.codec.RoundFrames;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.transport.netty.NettyRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The BSP chains of one table part ({@link ChainRounds}, one per owner whose units this server holds), and what a
 * part does with all of them at once: roles at a new view, the gate, workers' announcements, the lowest committed
 * round, a rejoining server's rounds. The same for dense and sparse parts; {@link ServerTable}'s round methods
 * reach it through {@link ServerTable#chains()}.
 *
 * <pre>{@code
 * PartChains<Sums> chains = new PartChains<>(d, self, firstRound, view, services, held, Sums::new, () -> roles);
 * chains.ofUnit(slice).enter(round, worker, id);
 * chains.onView(roles);            // after the part's roles changed
 * chains.gateMoved(min, live);
 * }</pre>
 */
public final class PartChains<S extends RoundSum> {
    private final TableDescriptor d;
    private final int serverId;
    private final ChainRounds<S>[] byOwner;
    /** A unit of each owner's chain (all share their replicas), -1 where the chain is not held here. */
    private final int[] unitOf;
    private final RoundCopier copier;
    private final LongConsumer forget;
    private final Supplier<UnitRoles> roles;

    /**
     * The chains of {@code d} held by {@code serverId} ({@code held} says which units), each summing in two
     * {@code sums.apply(owner)}, rounds from {@code firstRound}; closed rounds are copied with {@code services} to
     * the backups {@code roles} names.
     */
    @SuppressWarnings("unchecked")
    PartChains(TableDescriptor d, int serverId, int firstRound, ClusterView view, RoundServices services,
               IntPredicate held, IntFunction<S> sums, Supplier<UnitRoles> roles) {
        this.d = d;
        this.serverId = serverId;
        this.copier = services.copier();
        this.forget = services.forget();
        this.roles = roles;
        int servers = view.servers().size();
        this.byOwner = new ChainRounds[servers];
        this.unitOf = new int[servers];
        Arrays.fill(unitOf, -1);
        boolean synced = !view.isJoining(serverId);
        for (int u = 0; u < d.units(); u++) {
            int o = d.owner(u);
            if (held.test(u) && byOwner[o] == null) {
                unitOf[o] = u;
                byOwner[o] = new ChainRounds<>(o, d.spec().toString(), sums.apply(o), sums.apply(o), firstRound,
                        synced, this::close, owner -> services.onCommit().run(), services);
            }
        }
    }

    /** The chain of {@code unit}, or null when it is not held here. */
    ChainRounds<S> ofUnit(int unit) {
        return byOwner[d.owner(unit)];
    }

    /** On a backup: applies round {@code round} of chain {@code owner}, whose sum was copied before, once. */
    void applyCopiedClose(int owner, int round, float scale) {
        ChainRounds<S> c = ofOwner(owner);
        if (c == null) {
            throw Checks.malformed(d, "ROUND_CLOSE of the units of owner " + owner + ", which server " + serverId
                    + " does not hold");
        }
        c.applyCopiedClose(round, scale);
    }

    /** The chain of {@code owner}, or null when it is not held here. */
    ChainRounds<S> ofOwner(int owner) {
        return owner >= 0 && owner < byOwner.length ? byOwner[owner] : null;
    }

    private CompletableFuture<Void> close(int owner, int round, float scale, long[] ids, S sum) {
        int[] backups = roles.get().backups(unitOf[owner]);
        ByteBufAllocator alloc = NettyRuntime.allocator();
        LongSupplier noIds = () -> 0L;
        CompletableFuture<Void> held = backups.length == 0 ? CompletableFuture.completedFuture(null)
                : copier.copy(d, owner, round, scale, ids, backups, out -> sum.copyTo(alloc, d.id(), round, noIds, out));
        sum.applyAverage(scale);
        return held;
    }

    /** The part's roles changed: each chain learns whether this server is its primary now. */
    void onView(UnitRoles now) {
        for (ChainRounds<S> c : byOwner) {
            if (c != null) {
                c.setPrimary(now.primary(unitOf[c.owner]) == serverId);
            }
        }
    }

    void gateMoved(int min, BitSet live) {
        for (ChainRounds<S> c : byOwner) {
            if (c != null) {
                c.gateMoved(min, live);
            }
        }
    }

    void announce(int owner, int worker, int round, int pushes) {
        ChainRounds<S> c = ofOwner(owner);
        if (c != null) {
            c.announce(worker, round, pushes);
        }
    }

    /** The lowest committed round of the chains this server is primary of (MAX_VALUE when none). */
    int committedFloor() {
        int floor = Integer.MAX_VALUE;
        for (ChainRounds<S> c : byOwner) {
            if (c != null && c.isPrimary()) {
                floor = Math.min(floor, c.committed());
            }
        }
        return floor;
    }

    /**
     * For each chain this server is primary of and {@code joiner} holds: runs {@code units} (which sends the
     * chain's units and the request ids applied here) between two rounds with no push entering, then sends the
     * chain's rounds as a STATE frame (with the ids of its open rounds, which the joiner forgets again).
     */
    void exportTo(int joiner, ClusterView view, ByteBufAllocator alloc, LongSupplier ids, IntConsumer units,
                  Consumer<ByteBuf> send) {
        for (ChainRounds<S> c : byOwner) {
            if (c == null || !c.isPrimary() || !view.holds(d, unitOf[c.owner], joiner)) {
                continue;
            }
            c.exportBetweenRounds((applied, rounds, workers, pushes, n, openIds) -> {
                units.accept(c.owner);
                send.accept(RoundFrames.encodeRounds(alloc, ids.getAsLong(), d.id(), c.owner, applied, rounds,
                        workers, pushes, n, openIds));
            });
        }
    }

    /**
     * A STATE frame of kind 5 (a chain's rounds) from the primary, on a rejoining server; the request ids of its
     * open rounds are forgotten (the ids frame before it counted them as applied).
     */
    void importRounds(ByteBuf frame) {
        String bad = RoundFrames.checkRounds(frame);
        ChainRounds<S> c = ofOwner(bad == null ? RoundFrames.roundsOwner(frame) : -1);
        if (c == null) {
            throw Checks.malformed(d, bad != null ? bad : "STATE rounds of owner " + RoundFrames.roundsOwner(frame)
                    + ", whose units server " + serverId + " does not hold");
        }
        c.restore(RoundFrames.roundsCommitted(frame));
        for (int i = 0; i < RoundFrames.roundsEntries(frame); i++) {
            c.announce(RoundFrames.roundsEntry(frame, i, 1), RoundFrames.roundsEntry(frame, i, 0),
                    RoundFrames.roundsEntry(frame, i, 2));
        }
        for (int i = 0; i < RoundFrames.roundsOpenIds(frame); i++) {
            forget.accept(RoundFrames.roundsOpenId(frame, i));
        }
    }
}
