package dev.shoal.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeRole;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.codec.Strings;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import dev.shoal.protocol.frame.ShoalException;
import dev.shoal.protocol.table.TableDescriptor;
import dev.shoal.protocol.table.TableSpec;
import dev.shoal.transport.netty.NettyRuntime;
import dev.shoal.transport.netty.TransportOptions;
import dev.shoal.transport.rpc.RpcClient;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A node as the coordinator sees it: one real TCP connection that speaks the Shoal protocol, and the views the
 * coordinator pushes on it.
 */
final class TestNode implements AutoCloseable {
    static final long WAIT_SECONDS = 5;
    final RpcClient client;
    final BlockingQueue<ClusterView> views = new LinkedBlockingQueue<>();

    /** What a REGISTER was answered. */
    record Registered(int id, String status) {
    }

    private TestNode(NettyRuntime rt, int port) {
        this.client = RpcClient.connect(rt, "127.0.0.1", port, TransportOptions.defaults(), frame -> {
            if (FrameHeader.typeId(frame) == MessageType.CLUSTER_VIEW.id && FrameHeader.isNotification(frame)) {
                views.add(ControlCodec.readView(body(frame)));
            }
        });
    }

    static TestNode connect(NettyRuntime rt, int coordinatorPort) {
        return new TestNode(rt, coordinatorPort);
    }

    CompletableFuture<Registered> register(NodeRole role, String host, int port) {
        return call(MessageType.REGISTER, b -> {
            b.writeByte(role.id);
            Strings.write(b, host);
            b.writeIntLE(port);
        }, b -> new Registered(b.readIntLE(), Strings.read(b)));
    }

    Registered registerNow(NodeRole role, String host, int port) {
        return register(role, host, port).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    CompletableFuture<Void> heartbeat(int id, NodeRole role) {
        return call(MessageType.HEARTBEAT, b -> b.writeIntLE(id).writeByte(role.id), b -> null);
    }

    CompletableFuture<TableDescriptor> createTable(TableSpec spec) {
        return call(MessageType.CREATE_TABLE, b -> ControlCodec.writeSpec(b, spec), ControlCodec::readDescriptor);
    }

    CompletableFuture<TableDescriptor> openTable(String name) {
        return call(MessageType.OPEN_TABLE, b -> Strings.write(b, name), ControlCodec::readDescriptor);
    }

    /** Sends a request of any type with any body, and decodes the response body with {@code reader}. */
    <T> CompletableFuture<T> call(MessageType type, Consumer<ByteBuf> body, Function<ByteBuf, T> reader) {
        ByteBuf f = FrameHeader.allocate(client.alloc(), type, client.nextRequestId(), 0, 0, 64);
        body.accept(f);
        return client.call(FrameHeader.finish(f)).thenApply(resp -> {
            try {
                return reader.apply(body(resp));
            } finally {
                resp.release();
            }
        });
    }

    /** The next view pushed to this node; fails the test if none comes within a few seconds. */
    ClusterView nextView() throws InterruptedException {
        ClusterView v = views.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (v == null) {
            fail("no cluster view arrived within " + WAIT_SECONDS + " s");
        }
        return v;
    }

    /** A view pushed to this node within {@code millis}, or null if none came (to check that nothing changes). */
    ClusterView viewWithin(long millis) throws InterruptedException {
        return views.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The protocol error a call failed with. */
    static ShoalException errorOf(CompletableFuture<?> call) {
        try {
            call.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ShoalException.class);
            return (ShoalException) e.getCause();
        }
        return fail("expected the call to fail, but it succeeded");
    }

    static <T> T await(CompletableFuture<T> call) {
        return call.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    private static ByteBuf body(ByteBuf frame) {
        return frame.slice(FrameHeader.bodyIndex(frame), FrameHeader.bodyLength(frame));
    }

    @Override
    public void close() {
        client.close();
    }
}
