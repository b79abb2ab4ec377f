package dev.shoal.coordinator;

import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.error.Errors;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.Slicing;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.rpc.Futures;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.time.Backoff;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's tables: names, ids, layouts, and their installation on every server. A table is published to
 * creators only once every server acknowledged INSTALL_TABLE, so a worker never routes to a server that does not
 * hold its part yet. Guarded by the coordinator's lock; futures are completed outside it.
 */
final class TableCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);
    /** Generous: a server allocates and initializes its slices before it acknowledges. */
    static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(60);
    /** Waits between installs a still-registering server refused: a few ms, since it is reading our answer. */
    private static final Backoff INSTALL_RETRY = new Backoff(Duration.ofMillis(5), Duration.ofMillis(500),
            new SplittableRandom());
    private final Object lock;
    private final Membership membership;
    private final CoordinatorConfig config;
    private final Map<String, Entry> tables = new HashMap<>();
    private int nextId = 1;
    /** Bytes (dense) or tables (sparse) placed on each server so far, so that tables spread over all of them. */
    private long[] load;

    /** A table by name: what was asked for, and its descriptor once installed everywhere. */
    private record Entry(TableSpec spec, CompletableFuture<TableDescriptor> descriptor) {
    }

    TableCatalog(Object lock, Membership membership, CoordinatorConfig config) {
        this.lock = lock;
        this.membership = membership;
        this.config = config;
    }

    /**
     * Creates a table, or joins the creation of an equal one; fails with CLUSTER_NOT_READY, TABLE_CONFLICT or the
     * error a server gave.
     */
    CompletableFuture<TableDescriptor> create(TableSpec spec) {
        Entry fresh;
        TableDescriptor d;
        List<RpcClient> servers;
        synchronized (lock) {
            if (!membership.isComplete()) {
                return failed(ErrorCode.CLUSTER_NOT_READY, "cannot create table '" + spec.name() + "' yet: "
                        + membership.waitingSentence());
            }
            Entry existing = tables.get(spec.name());
            if (existing != null) {
                return existing.spec.equals(spec) ? existing.descriptor
                        : failed(ErrorCode.TABLE_CONFLICT, conflict(existing.spec, spec));
            }
            servers = membership.serverClients();
            if (load == null) {
                load = new long[servers.size()];
            }
            try {
                d = Slicing.layout(nextId, spec, config.consistency(), servers.size(), config.partitions(), load);
                d = d.withReplicas(config.replicasFor(d.consistency()));
            } catch (IllegalArgumentException e) {
                return failed(ErrorCode.SHAPE_MISMATCH, "cannot lay out " + spec + ": " + e.getMessage());
            }
            nextId++;
            fresh = new Entry(spec, new CompletableFuture<>());
            tables.put(spec.name(), fresh);
        }
        install(d, servers, fresh);
        return fresh.descriptor;
    }

    /** The descriptor of a table (once installed), or UNKNOWN_TABLE naming the tables there are. */
    CompletableFuture<TableDescriptor> open(String name) {
        synchronized (lock) {
            Entry e = tables.get(name);
            if (e != null) {
                return e.descriptor;
            }
            String known = tables.isEmpty() ? "none" : String.join(", ", new TreeSet<>(tables.keySet()));
            return failed(ErrorCode.UNKNOWN_TABLE, "no table named '" + name + "' (tables: " + known + ")");
        }
    }

    /**
     * Installs every table (those being created too, once their layout is out) on server {@code serverId}, which
     * rejoined the running job; completes when it holds them all.
     */
    CompletableFuture<Void> installAll(int serverId, RpcClient server) {
        List<Entry> entries;
        synchronized (lock) {
            entries = new ArrayList<>(tables.values());
        }
        CompletableFuture<?>[] acks = new CompletableFuture<?>[entries.size()];
        for (int i = 0; i < acks.length; i++) {
            Entry e = entries.get(i);
            acks[i] = e.descriptor.exceptionally(failure -> null).thenCompose(d -> d == null
                    ? CompletableFuture.completedFuture(null) : installOn(serverId, server, d, () -> !server.isActive(), 1));
        }
        return CompletableFuture.allOf(acks);
    }

    private void install(TableDescriptor d, List<RpcClient> servers, Entry entry) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(servers.size());
        for (int s = 0; s < servers.size(); s++) {
            if (servers.get(s) != null) {
                acks.add(installOn(s, servers.get(s), d, entry.descriptor::isDone, 1));
            }
        }
        // Fails on the first refusal rather than waiting for the other servers' answers.
        CompletableFuture<Void> all = new CompletableFuture<>();
        for (CompletableFuture<Void> ack : acks) {
            ack.whenComplete((ok, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(failure);
                }
            });
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenRun(() -> all.complete(null));
        all.orTimeout(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        LOG.info("table '{}' installed on {} servers: {}", d.name(), acks.size(), d);
                        entry.descriptor.complete(d);
                    } else {
                        abandon(d, entry, failure);
                    }
                });
    }

    /**
     * Installs {@code d} on one server. A server that answers CLUSTER_NOT_READY has registered but not yet read
     * our answer (it learns its id, and so its slices, from it): it is asked again after a short jittered wait,
     * until it answers or the table's install is given up ({@link #INSTALL_TIMEOUT}). Without this, a worker that
     * creates a table the moment the cluster completes could fail on a healthy server (the start-up race ps-lite
     * users report).
     */
    private CompletableFuture<Void> installOn(int serverId, RpcClient server, TableDescriptor d,
                                              BooleanSupplier givenUp, int attempt) {
        return sendInstall(serverId, server, d).exceptionallyCompose(failure -> {
            ShoalException e = Futures.unwrap(failure);
            if (e.code() != ErrorCode.CLUSTER_NOT_READY || givenUp.getAsBoolean()) {
                return CompletableFuture.failedFuture(e);
            }
            long wait = INSTALL_RETRY.delay(attempt).toNanos();
            LOG.debug("{}; asking again in {} us", e.getMessage(), wait / 1000);
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS))
                    .thenCompose(x -> installOn(serverId, server, d, givenUp, attempt + 1));
        });
    }

    private CompletableFuture<Void> sendInstall(int serverId, RpcClient server, TableDescriptor d) {
        ByteBuf frame = FrameHeader.allocate(server.alloc(), MessageType.INSTALL_TABLE, server.nextRequestId(),
                d.id(), 0, 512 + d.units() * 4);
        try {
            ControlCodec.writeDescriptor(frame, d);
        } catch (RuntimeException e) {
            frame.release();
            return CompletableFuture.failedFuture(e);
        }
        return server.call(FrameHeader.finish(frame)).handle((response, failure) -> {
            if (failure == null) {
                response.release();
                return null;
            }
            ShoalException e = Futures.unwrap(failure);
            if (!membership.isServing(serverId)) {
                // It died meanwhile: its units are served by their other replicas, or unavailable like all of its
                // units; the table itself is fine, and the server takes it when it rejoins.
                LOG.info("{} left before installing table '{}': {}", membership.describeServer(serverId), d.name(),
                        e.getMessage());
                return null;
            }
            throw Errors.of(e.code(), membership.describeServer(serverId) + " did not install table '"
                    + d.name() + "': " + e.getMessage(), e);
        });
    }

    /** Forgets a table whose install failed, so that a later CREATE_TABLE can try again. */
    private void abandon(TableDescriptor d, Entry entry, Throwable failure) {
        ShoalException e = failure instanceof TimeoutException
                ? new ShoalException(ErrorCode.TIMEOUT, "servers did not acknowledge table '" + d.name()
                        + "' within " + INSTALL_TIMEOUT.toSeconds() + " s")
                : Futures.unwrap(failure);
        synchronized (lock) {
            tables.remove(d.name(), entry);
        }
        LOG.warn("table '{}' (id {}) not created: {}: {}", d.name(), d.id(), e.code(), e.getMessage());
        entry.descriptor.completeExceptionally(e);
    }

    /** Names the table and how the two specs differ, e.g. {@code exists as dense [10, 20]; asked for ...}. */
    static String conflict(TableSpec have, TableSpec asked) {
        String msg = "table '" + have.name() + "' exists as " + shape(have) + "; asked for " + shape(asked);
        List<String> diffs = new ArrayList<>();
        differ(diffs, "initializer", have.initializer(), asked.initializer());
        differ(diffs, "optimizer", have.optimizer(), asked.optimizer());
        differ(diffs, "consistency", have.consistency(), asked.consistency());
        differ(diffs, "allowNonFinite", have.allowNonFinite(), asked.allowNonFinite());
        differ(diffs, "maxSliceBytes", have.maxSliceBytes(), asked.maxSliceBytes());
        return diffs.isEmpty() ? msg : msg + " with a different " + String.join(", ", diffs);
    }

    private static String shape(TableSpec s) {
        return s.kind().name().toLowerCase(Locale.ROOT) + " " + s.shapeText();
    }

    private static void differ(List<String> out, String field, Object have, Object asked) {
        if (!Objects.equals(have, asked)) {
            out.add(field + " (" + have + " vs " + asked + ")");
        }
    }

    private static <T> CompletableFuture<T> failed(ErrorCode code, String message) {
        return CompletableFuture.failedFuture(new ShoalException(code, message));
    }
}
