package dev.shoal.client;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.error.UnavailableException;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.NotificationListener;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's view of the servers: the latest cluster view, one connection per server in service (made again when
 * it closed while the server stays in service), and the waits of requests to be resent once a newer layout is out.
 *
 * <pre>{@code
 * ServerLinks links = new ServerLinks(runtime, options, workerId);
 * links.onView(view);                                  // every view the coordinator sends
 * RpcClient c = links.connection(links.view().primaryOf(d, slice));
 * links.retryAfterNewerLayout(usedEpoch, attempt, piece::attempt);
 * }</pre>
 *
 * <p>A view that takes a server out of service (or gives its slot to a server that rejoined elsewhere) closes the
 * connection to it, so that requests stuck on a hung server fail at once and are resent to the new primary, rather
 * than each waiting out its deadline. A server that is joining gets this worker's clocks, nothing else. Resends run on one
 * thread of their own, never on a network thread (reconnecting blocks).
 */
final class ServerLinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLinks.class);
    /** The first resend waits at most this long for a newer layout; each later one twice as long, up to 1 s. */
    private static final long FIRST_WAIT_MILLIS = 50;
    private static final long MAX_WAIT_MILLIS = 1000;
    private final NettyRuntime runtime;
    private final TransportOptions options;
    private final int workerId;
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("shoal-resend").daemon(true).factory());
    private final RpcClient[] byId;
    private final boolean[] everConnected;
    private final Object[] connecting;
    /** Every connection made, for the round-trip figures of those since closed. Guarded by this. */
    private final List<RpcClient> all = new ArrayList<>();
    /** Requests waiting for a layout epoch above theirs. Guarded by this. */
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile ClusterView view;
    /** Told of every view with a newer layout epoch, after it is the latest. */
    private volatile Consumer<ClusterView> layoutListener = v -> { };
    /** Set by {@link #close}, under this. */
    private boolean closed;
    /** The last layout epoch {@link #resent} spoke of, under this. */
    private int lastResentEpochSaid;

    private record Waiter(int layoutEpoch, CompletableFuture<Void> newer) {
    }

    ServerLinks(NettyRuntime runtime, TransportOptions options, int workerId, ClusterView first) {
        this.runtime = runtime;
        this.options = options;
        this.workerId = workerId;
        this.byId = new RpcClient[first.servers().size()];
        this.everConnected = new boolean[byId.length];
        this.connecting = new Object[byId.length];
        java.util.Arrays.setAll(connecting, i -> new Object());
        this.view = first;
    }

    /** The latest view. */
    ClusterView view() {
        return view;
    }

    /**
     * Tells {@code listener} of every later view with a newer layout epoch, on the network thread that delivered it
     * (the listener must not block), once it is the latest.
     */
    void onNewLayout(Consumer<ClusterView> listener) {
        layoutListener = listener;
    }

    /** A view from the coordinator (on a network thread): newer ones replace the current one. */
    void onView(ClusterView v) {
        List<CompletableFuture<Void>> wake = new ArrayList<>();
        List<RpcClient> close = new ArrayList<>();
        boolean newLayout;
        synchronized (this) {
            if (closed || v.epoch() <= view.epoch()) {
                return;
            }
            newLayout = v.layoutEpoch() > view.layoutEpoch();
            if (v.layoutEpoch() != view.layoutEpoch()) {
                LOG.info("layout epoch {}: servers in service {} of {}", v.layoutEpoch(),
                        java.util.Arrays.toString(v.inService()), v.servers().size());
            }
            view = v;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.layoutEpoch() < v.layoutEpoch()) {
                    wake.add(w.newer());
                    it.remove();
                }
            }
            for (int s = 0; s < byId.length; s++) {
                if (byId[s] != null && (!v.isReplicating(s)
                        || !byId[s].address().equals(v.servers().get(s).endpoint()))) {
                    close.add(byId[s]);
                    byId[s] = null;
                }
            }
        }
        for (RpcClient c : close) {
            try {
                resender.execute(c::close);
            } catch (RejectedExecutionException e) {
                c.close();   // closing down: nothing else runs here any more
            }
        }
        wake.forEach(f -> f.complete(null));
        if (newLayout) {
            layoutListener.accept(v);
        }
    }

    /** Runs {@code task} on the resend thread (where connecting may block); refused once closing. */
    void execute(Runnable task) {
        resender.execute(task);
    }

    /**
     * The open connection to {@code server}, connecting (again) if it has none. Refuses with UNAVAILABLE, which
     * the caller retries, a server out of service, and a reconnect on a network thread.
     */
    RpcClient connection(int server) {
        RpcClient c = open(server);
        if (c != null) {
            return c;
        }
        // One connect at a time per server, outside the lock that views take: a network thread delivering a view
        // must never wait for a connect that needs a network thread to finish.
        synchronized (connecting[server]) {
            c = open(server);
            if (c != null) {
                return c;
            }
            ClusterView v = view;
            if (!v.isReplicating(server)) {
                throw new UnavailableException("server " + server + " is out of service (layout epoch "
                        + v.layoutEpoch() + ")");
            }
            if (Thread.currentThread() instanceof FastThreadLocalThread) {
                throw new UnavailableException("the connection to server " + server + " is closed; reconnecting");
            }
            NodeAddress a = v.servers().get(server);
            c = RpcClient.connect(runtime, a.host(), a.port(), options, NotificationListener.NONE);
            c.setIdPrefix(workerId + 1);
            c.setPeerName("server " + server);
            boolean again;
            synchronized (this) {
                again = everConnected[server];
                everConnected[server] = true;
                byId[server] = c;
                all.add(c);
            }
            if (again) {
                LOG.info("reconnected to server {} at {}", server, a.endpoint());
            }
            return c;
        }
    }

    private synchronized RpcClient open(int server) {
        RpcClient c = byId[server];
        return c != null && c.isActive() ? c : null;
    }

    /**
     * Says, once per layout epoch, that a request was answered after being resent (a fail-over): under which epoch,
     * how long after its first failure and after how many attempts. The run's log then shows each fail-over and
     * what it cost this worker.
     */
    void resent(int layoutEpoch, long sinceFirstFailureNanos, int failures) {
        synchronized (this) {
            if (layoutEpoch <= lastResentEpochSaid) {
                return;
            }
            lastResentEpochSaid = layoutEpoch;
        }
        LOG.info("fail-over: a request was answered under layout epoch {}, {} ms after its first failure ({} "
                + "attempt(s) failed)", layoutEpoch, sinceFirstFailureNanos / 1_000_000, failures);
    }

    /**
     * Connects to every server in service now, so that the first requests do not wait for it; a server that cannot
     * be reached is left to the first request for it, which reconnects or, if it has died meanwhile, is resent to
     * its replica once the layout says so.
     */
    void connectAll() {
        for (int s : view.inService()) {
            try {
                connection(s);
            } catch (ShoalException e) {
                LOG.warn("server {} cannot be reached now ({}); requests for it will try again", s, e.getMessage());
            }
        }
    }

    /**
     * Runs {@code action} on the resend thread once a view with a layout epoch above {@code usedEpoch} is out, or
     * after a backoff (50 ms doubling to 1 s, jittered), whichever comes first: a piece that failed under
     * {@code usedEpoch} is sent again.
     */
    void retryAfterNewerLayout(int usedEpoch, int attempt, Runnable action) {
        CompletableFuture<Void> newer = new CompletableFuture<>();
        synchronized (this) {
            if (view.layoutEpoch() > usedEpoch) {
                newer.complete(null);
            } else {
                waiters.add(new Waiter(usedEpoch, newer));
            }
        }
        AtomicBoolean fired = new AtomicBoolean();
        Runnable once = () -> {
            if (fired.compareAndSet(false, true)) {
                action.run();
            }
        };
        long wait = Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(10, attempt - 1));
        long jittered = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        try {
            resender.schedule(once, jittered, TimeUnit.MILLISECONDS);
            newer.thenRunAsync(once, resender);
        } catch (RejectedExecutionException e) {
            action.run();   // the client is closing: the attempt fails at once on its closed connections
        }
    }

    /** The connection to each server in service now (null where none is open). */
    synchronized RpcClient[] current() {
        return byId.clone();
    }

    /** Every connection made so far, open or closed. */
    synchronized RpcClient[] everyConnection() {
        return all.toArray(RpcClient[]::new);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        resender.shutdownNow();
        for (RpcClient c : everyConnection()) {
            c.close();
        }
    }
}
