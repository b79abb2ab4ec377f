package dev.shoal.transport.rpc;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Decides whether a server reads more requests from a peer: only while its replies are not backed up and no
 * request of it is held (e.g. a BSP push for a clock too far ahead). Safe to call from any thread.
 *
 * <pre>{@code
 * ReadGate.hold(channel);      // stop reading this peer
 * ReadGate.release(channel);   // resume once nothing holds it and its replies drain
 * }</pre>
 */
public final class ReadGate {
    private static final AttributeKey<int[]> HOLDS = AttributeKey.valueOf("shoal.readHolds");

    private ReadGate() {
    }

    public static void hold(Channel ch) {
        ch.eventLoop().execute(() -> {
            holds(ch)[0]++;
            update(ch);
        });
    }

    public static void release(Channel ch) {
        ch.eventLoop().execute(() -> {
            int[] h = holds(ch);
            h[0] = Math.max(0, h[0] - 1);
            update(ch);
        });
    }

    /** Re-evaluates the gate; call on the channel's event loop. */
    static void update(Channel ch) {
        ch.config().setAutoRead(ch.isWritable() && holds(ch)[0] == 0);
    }

    private static int[] holds(Channel ch) {
        int[] h = ch.attr(HOLDS).get();
        if (h == null) {
            h = new int[1];
            ch.attr(HOLDS).set(h);
        }
        return h;
    }
}
