package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.MembershipCodec;
import dev.shoal.protocol.codec.MembershipCodec.NodeRef;
import dev.shoal.protocol.codec.MembershipCodec.Registration;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.NotificationListener;
import dev.shoal.transport.rpc.RequestHandler;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each request the coordinator receives and hands it to membership or the table catalog. Runs on event
 * loops, so anything that blocks (connecting to a registering server) moves to the background executor.
 */
final class Router implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private final Membership membership;
    private final TableCatalog tables;
    private final Executor background;
    private final NettyRuntime runtime;
    private final TransportOptions clientOptions;
    private final CoordinatorMetrics metrics;

    /** A REGISTER body; a server must name an address it can be reached at. */
    private static Registration readRegistration(ByteBuf b) {
        Registration reg = MembershipCodec.readRegistration(b);
        if (reg.role() == NodeRole.SERVER && (reg.host().isBlank() || reg.port() <= 0 || reg.port() > 0xFFFF)) {
            throw new IllegalArgumentException("a server must advertise the host and port it listens on, got '"
                    + reg.host() + "':" + reg.port());
        }
        return reg;
    }

    Router(Membership membership, TableCatalog tables, Executor background, NettyRuntime runtime,
           TransportOptions clientOptions, CoordinatorMetrics metrics) {
        this.membership = membership;
        this.tables = tables;
        this.background = background;
        this.runtime = runtime;
        this.clientOptions = clientOptions;
        this.metrics = metrics;
    }

    @Override
    public void onRequest(Channel channel, ByteBuf frame) {
        if (FrameHeader.isResponse(frame) || FrameHeader.isNotification(frame)) {
            // Nothing the coordinator sent on this connection expects an answer.
            LOG.debug("ignoring unsolicited {} from {}", FrameHeader.describe(frame), channel.remoteAddress());
            frame.release();
            return;
        }
        Reply reply = new Reply(channel, frame, metrics);
        metrics.request(reply.type());
        try {
            dispatch(reply);
        } catch (RuntimeException e) {
            LOG.error("failed to handle {} from {}", reply.type(), reply.peer(), e);
            reply.error(ErrorCode.INTERNAL, "coordinator failed on " + reply.type() + ": " + e);
        }
    }

    @Override
    public void onDisconnect(Channel channel) {
        membership.disconnected(channel);
    }

    private void dispatch(Reply r) {
        switch (r.type()) {
            case REGISTER -> register(r);
            case HEARTBEAT -> heartbeat(r);
            case LEAVE -> leave(r);
            case CREATE_TABLE -> createTable(r);
            case OPEN_TABLE -> openTable(r);
            case ECHO -> r.echo();
            default -> r.error(ErrorCode.UNKNOWN_TYPE, "the coordinator does not handle " + r.type()
                    + "; it answers REGISTER, HEARTBEAT, LEAVE, CREATE_TABLE, OPEN_TABLE and ECHO");
        }
    }

    private void register(Reply r) {
        Registration reg = decode(r, Router::readRegistration);
        if (reg == null) {
            return;
        }
        if (reg.role() == NodeRole.WORKER) {
            admit(reg, null, r);
            return;
        }
        // Refuse a surplus server before spending a connect on it.
        String refusal = membership.refusal(NodeRole.SERVER);
        if (refusal != null) {
            r.error(ErrorCode.CLUSTER_NOT_READY, refusal);
            return;
        }
        try {
            background.execute(() -> connectServer(reg, r));
        } catch (RejectedExecutionException e) {
            r.error(ErrorCode.UNAVAILABLE, "the coordinator is shutting down");
        }
    }

    private void connectServer(Registration reg, Reply r) {
        String address = reg.host() + ":" + reg.port();
        RpcClient client;
        try {
            client = RpcClient.connect(runtime, reg.host(), reg.port(), clientOptions, NotificationListener.NONE);
        } catch (ShoalException e) {
            LOG.warn("server registering from {} advertised {}, which the coordinator cannot reach: {}", r.peer(),
                    address, e.getMessage());
            r.error(ErrorCode.UNREACHABLE, "the coordinator cannot connect to the advertised server address "
                    + address + " (check the host and port the server advertises): " + e.getMessage());
            return;
        }
        admit(reg, client, r);
    }

    private void admit(Registration reg, RpcClient client, Reply r) {
        r.onSuccess(() -> metrics.registered(reg.role()));
        membership.register(reg.role(), reg.host(), reg.port(), r.channel(), client, r);
    }

    private void heartbeat(Reply r) {
        NodeRef hb = decode(r, MembershipCodec::readNode);
        if (hb == null) {
            return;
        }
        Membership.Refusal refusal = membership.heartbeat(hb.nodeId(), hb.role(), r.channel());
        if (refusal == null) {
            metrics.heartbeat(hb.role());
            r.empty();
        } else {
            r.error(refusal.code(), refusal.message());
        }
    }

    private void leave(Reply r) {
        NodeRef who = decode(r, MembershipCodec::readNode);
        if (who == null) {
            return;
        }
        String refusal = membership.leave(who.nodeId(), who.role(), r.channel());
        if (refusal == null) {
            metrics.left(who.role());
            r.empty();
        } else {
            r.error(ErrorCode.CLUSTER_NOT_READY, refusal);
        }
    }

    private void createTable(Reply r) {
        TableSpec spec = decode(r, ControlCodec::readSpec);
        if (spec != null) {
            tables.create(spec).whenComplete((d, failure) -> {
                if (failure == null) {
                    metrics.tableReady(d);
                }
                answer(r, d, failure);
            });
        }
    }

    private void openTable(Reply r) {
        String name = decode(r, Strings::read);
        if (name != null) {
            tables.open(name).whenComplete((d, failure) -> answer(r, d, failure));
        }
    }

    private static void answer(Reply r, TableDescriptor d, Throwable failure) {
        if (failure != null) {
            r.fail(failure);
        } else {
            r.ok(512 + d.units() * 4, b -> ControlCodec.writeDescriptor(b, d));
        }
    }

    /** Decodes a body; a body that does not parse is answered MALFORMED_FRAME and yields null. */
    private static <T> T decode(Reply r, Function<ByteBuf, T> reader) {
        try {
            return reader.apply(r.body());
        } catch (IndexOutOfBoundsException e) {
            r.malformed(truncation(r, e));
            return null;
        } catch (IllegalArgumentException e) {
            r.malformed(String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** Our codecs explain a truncation well; Netty's own bounds messages dump buffer internals instead. */
    private static String truncation(Reply r, IndexOutOfBoundsException e) {
        String detail = e.getMessage();
        String size = "body of " + r.body().readableBytes() + " bytes ends early";
        return detail == null || detail.contains("writerIndex") ? size : size + ": " + detail;
    }
}
