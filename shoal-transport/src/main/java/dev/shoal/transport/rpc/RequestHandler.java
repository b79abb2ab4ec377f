package dev.shoal.transport.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * What a server does with each request. Called on the connection's event loop with a frame whose header has been
 * checked (known version and type, length within the limit); the handler owns the frame and must release it.
 * Anything it throws closes only that connection (see {@code ProtocolErrorHandler}).
 *
 * <pre>{@code
 * RequestHandler echo = (ch, frame) -> ch.writeAndFlush(frame);
 * }</pre>
 */
@FunctionalInterface
public interface RequestHandler {
    void onRequest(Channel channel, ByteBuf frame);

    /** A peer connected. */
    default void onConnect(Channel channel) {
    }

    /** A peer's connection closed, for whatever reason. */
    default void onDisconnect(Channel channel) {
    }
}
