package dev.shoal.transport.rpc;

import io.netty.buffer.ByteBuf;

/**
 * Receives the frames a peer sends on its own (flag NOTIFICATION), such as a new cluster view. Called on the
 * connection's event loop; the frame is released after the call returns.
 *
 * <pre>{@code
 * NotificationListener l = frame -> view = ControlCodec.readView(body(frame));
 * }</pre>
 */
@FunctionalInterface
public interface NotificationListener {
    void onNotification(ByteBuf frame);

    /** Ignores every notification. */
    NotificationListener NONE = frame -> { };
}
