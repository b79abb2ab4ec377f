package dev.shoal.coordinator;

import dev.shoal.protocol.cluster.ClusterView;
import dev.shoal.protocol.cluster.NodeAddress;
import dev.shoal.protocol.codec.ControlCodec;
import dev.shoal.protocol.frame.FrameHeader;
import dev.shoal.protocol.frame.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cluster view as {@link Membership} publishes it: built from the members' slots, sent to each live member as a
 * CLUSTER_VIEW notification, and said in one line.
 *
 * <pre>{@code
 * ClusterView v = Views.build(epoch, layoutEpoch, servers, workers, config);
 * Views.send(members, v);               // under the coordinator's lock, so views go out in epoch order
 * }</pre>
 */
final class Views {
    private Views() {
    }

    /**
     * The view of epoch {@code epoch}: every server slot's address, the live workers, the servers in service
     * (alive and not joining) and those joining (alive and catching up), and the job's settings.
     */
    static ClusterView build(int epoch, int layoutEpoch, Member[] servers, Member[] workers, CoordinatorConfig config) {
        List<NodeAddress> addresses = new ArrayList<>(servers.length);
        for (Member s : servers) {
            addresses.add(s.address());
        }
        int[] live = new int[workers.length];
        int n = 0;
        for (Member w : workers) {
            if (!w.dead) {
                live[n++] = w.id;
            }
        }
        int[] inService = new int[servers.length];
        int[] joining = new int[servers.length];
        int k = 0;
        int j = 0;
        for (Member s : servers) {
            if (!s.dead && s.joining) {
                joining[j++] = s.id;
            } else if (!s.dead) {
                inService[k++] = s.id;
            }
        }
        return new ClusterView(epoch, addresses, Arrays.copyOf(live, n), workers.length,
                config.consistency(), config.partitions(), layoutEpoch, Arrays.copyOf(inService, k),
                (int) config.heartbeatTimeout().toMillis(), Arrays.copyOf(joining, j));
    }

    /** Sends {@code v} to every live member whose registration connection is open. */
    static void send(List<Member> members, ClusterView v) {
        for (Member m : members) {
            if (!m.dead && m.channel.isActive()) {
                m.channel.writeAndFlush(encode(m.channel, v));
            }
        }
    }

    private static ByteBuf encode(Channel ch, ClusterView v) {
        ByteBuf f = ch.alloc().directBuffer(FrameHeader.SIZE + 64 + v.servers().size() * 40
                + v.liveWorkerCount() * 4);
        FrameHeader.writeHeader(f, MessageType.CLUSTER_VIEW.id, FrameHeader.FLAG_NOTIFICATION, 0, 0, 0);
        ControlCodec.writeView(f, v);
        return FrameHeader.finish(f);
    }

    /** {@code cluster complete: 2 servers (h:7101, h:7102), 2 workers (...), consistency bsp, ...}. */
    static String completeSentence(int epoch, Member[] servers, Member[] workers, CoordinatorConfig config) {
        return "cluster complete: " + Sentences.plural(servers.length, "server") + " (" + Sentences.list(servers)
                + "), " + Sentences.plural(workers.length, "worker") + " (" + Sentences.list(workers)
                + "), consistency " + config.consistency() + ", " + config.partitions() + " partitions, view epoch "
                + epoch;
    }
}
