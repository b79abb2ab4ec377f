package dev.shoal.transport.netty;

import dev.shoal.protocol.frame.FrameHeader;

/**
 * Limits and knobs of a connection. Every limit is explicit so that a peer can never make us buffer without bound.
 *
 * <pre>{@code
 * TransportOptions o = TransportOptions.defaults().withMaxInFlight(16).withConnectTimeoutMillis(2000)
 *         .withRequestTimeouts(RequestTimeouts.defaults().withPull(Duration.ofMinutes(20)));
 * }</pre>
 *
 * @param maxFrameBytes        largest frame accepted or sent, header included
 * @param connectTimeoutMillis how long a connect may take before it fails naming the address
 * @param maxInFlight          requests a client keeps outstanding per connection; further callers wait
 * @param writeLowWaterBytes   outbound bytes below which a paused reader resumes
 * @param writeHighWaterBytes  outbound bytes above which a server stops reading that peer's requests
 * @param ioThreads            event-loop threads (0 = Netty's default of 2 x cores)
 * @param requestTimeouts      the deadline of each kind of request a client sends
 */
public record TransportOptions(int maxFrameBytes, int connectTimeoutMillis, int maxInFlight, int writeLowWaterBytes,
                               int writeHighWaterBytes, int ioThreads, RequestTimeouts requestTimeouts) {

    public TransportOptions {
        if (maxFrameBytes < FrameHeader.SIZE + 64) {
            throw new IllegalArgumentException("maxFrameBytes too small: " + maxFrameBytes);
        }
        if (connectTimeoutMillis <= 0 || maxInFlight <= 0 || writeLowWaterBytes <= 0
                || writeHighWaterBytes < writeLowWaterBytes || ioThreads < 0 || requestTimeouts == null) {
            throw new IllegalArgumentException("invalid transport options " + this);
        }
    }

    public static TransportOptions defaults() {
        return new TransportOptions(FrameHeader.DEFAULT_MAX_FRAME_BYTES, 3000, 64, 8 << 20, 32 << 20,
                Math.max(2, Runtime.getRuntime().availableProcessors()), RequestTimeouts.defaults());
    }

    public TransportOptions withMaxFrameBytes(int bytes) {
        return new TransportOptions(bytes, connectTimeoutMillis, maxInFlight, writeLowWaterBytes, writeHighWaterBytes,
                ioThreads, requestTimeouts);
    }

    public TransportOptions withConnectTimeoutMillis(int millis) {
        return new TransportOptions(maxFrameBytes, millis, maxInFlight, writeLowWaterBytes, writeHighWaterBytes,
                ioThreads, requestTimeouts);
    }

    public TransportOptions withMaxInFlight(int n) {
        return new TransportOptions(maxFrameBytes, connectTimeoutMillis, n, writeLowWaterBytes, writeHighWaterBytes,
                ioThreads, requestTimeouts);
    }

    public TransportOptions withIoThreads(int n) {
        return new TransportOptions(maxFrameBytes, connectTimeoutMillis, maxInFlight, writeLowWaterBytes,
                writeHighWaterBytes, n, requestTimeouts);
    }

    public TransportOptions withRequestTimeouts(RequestTimeouts t) {
        return new TransportOptions(maxFrameBytes, connectTimeoutMillis, maxInFlight, writeLowWaterBytes,
                writeHighWaterBytes, ioThreads, t);
    }

    /** Largest body a frame may carry. */
    public int maxBodyBytes() {
        return maxFrameBytes - FrameHeader.SIZE;
    }
}
