package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.codec.MembershipCodec;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.transport.rpc.RpcClient;
import dev.shoal.transport.time.NodeClock;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the job: registration, heartbeats, deaths, and the cluster view published to every node.
 * All state is guarded by the coordinator's lock; views are written to the channels while it is held, so every
 * node sees views in epoch order and a REGISTER answer before the first view. Silence is measured on the
 * coordinator's {@link NodeClock}: a node is dropped at the first check after it was silent for longer than the
 * heartbeat timeout, never before.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private final Object lock;
    private final CoordinatorConfig config;
    private final long timeoutNanos;
    private final NodeClock clock;
    /** Closes server connections: RpcClient.close blocks, which an event loop must never do. */
    private final Executor background;
    private final Member[] servers;
    private final Member[] workers;
    private ClusterView view;
    private volatile ClusterView published;
    /** Grows whenever the servers in service change; carried in every view. */
    private int layoutEpoch = 1;
    /** Told (under the lock) of each server that rejoins the running job. */
    private volatile Consumer<Member> rejoined = m -> { };
    private boolean closed;

    Membership(Object lock, CoordinatorConfig config, Executor background, NodeClock clock) {
        this.lock = lock;
        this.clock = clock;
        this.config = config;
        this.timeoutNanos = config.heartbeatTimeout().toNanos();
        this.background = background;
        this.servers = new Member[config.servers()];
        this.workers = new Member[config.workers()];
    }

    /** Told (under the lock) of every view published. */
    private volatile Consumer<ClusterView> viewed = v -> { };

    /** Tells {@code listener} of every view from now on (set once, by the coordinator's owner). */
    void onPublish(Consumer<ClusterView> listener) {
        this.viewed = listener;
    }

    /** Who catches up the servers that rejoin (set once, before any node registers). */
    void onRejoin(Consumer<Member> listener) {
        this.rejoined = listener;
    }

    /** The current view, or null until every node joined. Lock-free for callers on any thread. */
    ClusterView view() {
        return published;
    }

    boolean isComplete() {
        synchronized (lock) {
            return view != null;
        }
    }

    /** How many members of {@code role} are in {@code state}, for metrics (a freed slot counts nowhere). */
    int count(NodeRole role, Member.State state) {
        synchronized (lock) {
            return (int) Arrays.stream(slots(role)).filter(m -> m != null && m.state() == state).count();
        }
    }

    /** Why a node of this role can't join now, or null when a slot is free. */
    String refusal(NodeRole role) {
        synchronized (lock) {
            if (closed) {
                return "the coordinator is shutting down";
            }
            if (freeSlot(slots(role)) >= 0 || (role == NodeRole.SERVER && view != null && deadSlot(servers) >= 0)) {
                return null;
            }
            return "the cluster already has " + Sentences.filled(servers) + " of " + servers.length + " servers and "
                    + Sentences.filled(workers) + " of " + workers.length + " workers; no more "
                    + Member.roleName(role) + "s are expected" + (role == NodeRole.SERVER
                    ? " (a server may rejoin once one is lost)" : " (a worker cannot rejoin yet)");
        }
    }

    /**
     * Admits a node into the first free slot of its role and answers its REGISTER; publishes the first view when
     * it was the last one missing. {@code client} (servers only) is closed if the node is refused.
     */
    void register(NodeRole role, String host, int port, Channel channel, RpcClient client, Reply reply) {
        synchronized (lock) {
            String refusal = refusal(role);
            if (refusal != null) {
                closeLater(client);
                reply.error(ErrorCode.CLUSTER_NOT_READY, refusal);
                return;
            }
            if (!channel.isActive()) {
                // Its disconnect already went by unnoticed; admitting it would leave a ghost in the view.
                closeLater(client);
                LOG.info("{} at {}:{} hung up before its registration completed", Member.roleName(role), host, port);
                reply.error(ErrorCode.CONNECTION_CLOSED, "connection closed during registration");
                return;
            }
            Member[] slots = slots(role);
            if (view != null && role == NodeRole.SERVER) {
                Member m = new Member(role, deadSlot(servers), host, port, channel, client, clock.nanoTime());
                m.joining = true;
                m.heartbeating = false;
                slots[m.id] = m;
                LOG.info("{} rejoins from {} in place of the lost one: it catches up, then serves", m, reply.peer());
                reply.ok(MembershipCodec.BODY_HINT, b -> MembershipCodec.writeRegistered(b,
                        new MembershipCodec.Registered(m.id, "rejoining the running job as server " + m.id)));
                publish();
                rejoined.accept(m);
                return;
            }
            Member m = new Member(role, freeSlot(slots), host, port, channel, client, clock.nanoTime());
            slots[m.id] = m;
            boolean complete = freeSlot(servers) < 0 && freeSlot(workers) < 0;
            String status = complete ? completeSentence(1) : waitingSentence();
            if (complete) {
                LOG.info("{} joined from {}, the last one expected", m, reply.peer());
            } else {
                LOG.info("{} joined from {}: {}", m, reply.peer(), status);
            }
            reply.ok(MembershipCodec.BODY_HINT + status.length() * 3,
                    b -> MembershipCodec.writeRegistered(b, new MembershipCodec.Registered(m.id, status)));
            if (complete) {
                completeCluster();
            }
        }
    }

    /**
     * Records a heartbeat that came on {@code channel}; returns why it is refused, or null. A node declared dead
     * is refused with {@link ErrorCode#STALE_EPOCH}: whatever it still does no longer counts, and it must stop (a
     * server may register again). So is the old process of a slot another server has rejoined into, which is told
     * apart by the connection it registered on.
     */
    Refusal heartbeat(int id, NodeRole role, Channel channel) {
        synchronized (lock) {
            Member[] slots = slots(role);
            Member m = id >= 0 && id < slots.length ? slots[id] : null;
            if (m == null) {
                return new Refusal(ErrorCode.CLUSTER_NOT_READY, "no " + Member.roleName(role) + " with id " + id
                        + " is registered");
            }
            if (!m.dead && m.channel != channel) {
                return new Refusal(ErrorCode.STALE_EPOCH, Member.roleName(role) + " " + id + " was declared dead and "
                        + "another process has rejoined as " + m + "; this one must register again");
            }
            if (m.dead) {
                return new Refusal(ErrorCode.STALE_EPOCH, m + " was declared dead"
                        + (role == NodeRole.SERVER ? " and its ranges failed over (layout epoch " + layoutEpoch
                        + "); it must register again to rejoin" : "; it must stop (a worker cannot rejoin yet)"));
            }
            m.lastSeenNanos = clock.nanoTime();
            m.heartbeating = true;
            return null;
        }
    }

    /** Why a request is refused: the code to answer and one line. */
    record Refusal(ErrorCode code, String message) {
    }

    /**
     * A node says it is done: a worker leaves the live set (a new view goes out, as when it dies, but it is logged
     * as a normal exit); a server leaving is logged the same way. Returns why it is refused, or null.
     */
    String leave(int id, NodeRole role, Channel channel) {
        synchronized (lock) {
            Member[] slots = slots(role);
            Member m = id >= 0 && id < slots.length ? slots[id] : null;
            if (m != null && m.channel != channel) {
                return null;   // the old process of a slot a rejoined server holds now: nothing to do
            }
            if (m == null) {
                return "no " + Member.roleName(role) + " with id " + id + " is registered";
            }
            if (m.dead || closed) {
                return null;
            }
            m.dead = true;
            m.left = true;
            if (view == null) {
                slots[id] = null;
                closeLater(m.client);
                LOG.info("{} left before the cluster was complete; its slot is free again. {}", m, waitingSentence());
                return null;
            }
            LOG.info("{} {} at {} finished and left", Member.roleName(role), id, m.endpoint());
            if (role == NodeRole.SERVER && !m.joining) {
                layoutEpoch++;
            }
            publish();
            return null;
        }
    }

    /** A registration connection closed: every node that registered on it is gone. */
    void disconnected(Channel channel) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            boolean changed = false;
            for (Member m : members()) {
                if (m.channel == channel && !m.dead) {
                    changed |= lose(m, "connection closed");
                }
            }
            if (changed) {
                publish();
            }
        }
    }

    /** Declares dead whoever has been silent too long; called periodically. */
    void checkLiveness() {
        synchronized (lock) {
            if (closed || view == null) {
                return;
            }
            long now = clock.nanoTime();
            boolean changed = false;
            for (Member m : members()) {
                if (m.dead) {
                    continue;
                }
                long silent = now - m.lastSeenNanos;
                if (m.client != null && !m.client.isActive()) {
                    changed |= lose(m, "the coordinator's connection to it closed");
                } else if ((m.role == NodeRole.WORKER || m.heartbeating) && silent > timeoutNanos) {
                    changed |= lose(m, "no heartbeat for " + silent / 1_000_000 + " ms");
                }
            }
            if (changed) {
                publish();
            }
        }
    }

    /** Logs what the cluster still waits for; called periodically. */
    void logWaiting() {
        synchronized (lock) {
            if (!closed && view == null) {
                LOG.info(waitingSentence());
            }
        }
    }

    /**
     * The coordinator's connections to the servers, by server id, null for a server out of service; empty until the
     * cluster is complete.
     */
    List<RpcClient> serverClients() {
        synchronized (lock) {
            List<RpcClient> out = new ArrayList<>(servers.length);
            if (view != null) {
                for (Member s : servers) {
                    out.add(s.dead ? null : s.client);
                }
            }
            return out;
        }
    }

    String describeServer(int id) {
        synchronized (lock) {
            return servers[id] == null ? "server " + id : servers[id].toString();
        }
    }

    /** What the cluster is waiting for, e.g. {@code waiting for servers: 1 of 2 joined (h:7101); workers: ...}. */
    String waitingSentence() {
        synchronized (lock) {
            return "waiting for servers: " + Sentences.joined(servers) + "; workers: " + Sentences.joined(workers);
        }
    }

    /** Stops reacting to membership changes and returns the server connections to close. */
    List<RpcClient> close() {
        synchronized (lock) {
            closed = true;
            List<RpcClient> clients = new ArrayList<>();
            for (Member s : servers) {
                if (s != null) {
                    clients.add(s.client);
                }
            }
            return clients;
        }
    }

    private void completeCluster() {
        long now = clock.nanoTime();
        for (Member m : members()) {
            // Nodes may only start heartbeating once they see the view, so nobody is judged on the wait before it.
            m.lastSeenNanos = now;
        }
        view = buildView(1);
        published = view;
        viewed.accept(view);
        LOG.info(completeSentence(1));
        broadcast();
    }

    /**
     * Marks a member gone; returns true when the view must change. Before the cluster is complete the slot is
     * freed instead, so that a node that crashed while waiting can simply be started again.
     */
    private boolean lose(Member m, String why) {
        m.dead = true;
        if (view == null) {
            slots(m.role)[m.id] = null;
            closeLater(m.client);
            LOG.warn("{} left before the cluster was complete ({}); its slot is free again. {}", m, why,
                    waitingSentence());
            return false;
        }
        if (m.role == NodeRole.WORKER) {
            LOG.warn("worker {} at {} is dead: {}", m.id, m.endpoint(), why);
            return true;
        }
        if (m.joining) {
            LOG.warn("{} died while catching up ({}); its slot is free for another rejoin", m, why);
            return true;
        }
        layoutEpoch++;
        String orphans = Sentences.plural(inServiceCount(), "server") + " remain in service";
        LOG.error("server {} at {} is lost: {}; its ranges fail over to their backups under layout epoch {} ({}; "
                + "ranges held only there are unavailable)", m.id, m.endpoint(), why, layoutEpoch, orphans);
        return true;
    }

    private int inServiceCount() {
        int n = 0;
        for (Member s : servers) {
            n += s != null && !s.dead && !s.joining ? 1 : 0;
        }
        return n;
    }

    private void publish() {
        view = buildView(view.epoch() + 1);
        published = view;
        viewed.accept(view);
        LOG.info("new cluster view epoch {}: live workers {} of {}, servers in service {} of {} (layout epoch {})",
                view.epoch(), view.liveWorkerCount(), workers.length, view.inService().length, servers.length,
                layoutEpoch);
        broadcast();
    }

    private ClusterView buildView(int epoch) {
        return Views.build(epoch, layoutEpoch, servers, workers, config);
    }

    private void broadcast() {
        Views.send(members(), view);
    }

    private String completeSentence(int epoch) {
        return Views.completeSentence(epoch, servers, workers, config);
    }

    /** The first slot whose member died or left, or -1. */
    private static int deadSlot(Member[] slots) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].dead) {
                return i;
            }
        }
        return -1;
    }

    /** Whether server {@code id} is alive (in service or joining). */
    boolean isServing(int id) {
        synchronized (lock) {
            Member m = servers[id];
            return m != null && !m.dead;
        }
    }

    /** Whether {@code m} is still the server of its slot, alive and catching up. */
    boolean isJoining(Member m) {
        synchronized (lock) {
            return !closed && servers[m.id] == m && !m.dead && m.joining;
        }
    }

    /** The layout epoch now. */
    int layoutEpoch() {
        synchronized (lock) {
            return layoutEpoch;
        }
    }

    /**
     * Puts a caught-up server in service under a new layout epoch, unless it died, or the layout changed since
     * {@code caughtUpAt} (it may then lack units whose primary moved): returns whether it did.
     */
    boolean enterService(Member m, int caughtUpAt) {
        synchronized (lock) {
            if (!isJoining(m) || layoutEpoch != caughtUpAt) {
                return false;
            }
            m.joining = false;
            layoutEpoch++;
            LOG.info("{} is back in service: its ranges have their replicas again (layout epoch {})", m, layoutEpoch);
            publish();
            return true;
        }
    }

    private static int freeSlot(Member[] slots) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private Member[] slots(NodeRole role) {
        return role == NodeRole.SERVER ? servers : workers;
    }

    private List<Member> members() {
        List<Member> all = new ArrayList<>(servers.length + workers.length);
        for (Member m : servers) {
            if (m != null) {
                all.add(m);
            }
        }
        for (Member m : workers) {
            if (m != null) {
                all.add(m);
            }
        }
        return all;
    }

    private void closeLater(RpcClient client) {
        if (client == null) {
            return;
        }
        try {
            background.execute(client::close);
        } catch (RejectedExecutionException e) {
            LOG.debug("coordinator shutting down; connection to {} is closed with the runtime", client.address());
        }
    }
}
