package dev.shoal.bench.tcp;

import dev.shoal.bench.stats.Spread;
import dev.shoal.transport.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

/**
 * What plain TCP achieved on this machine for one chunk size: the ceiling a parameter server is measured against.
 *
 * <pre>{@code
 * ReferenceResult ref = TcpReference.measure("127.0.0.1", sinkPort, 4 << 20, 5, Duration.ofSeconds(1));
 * double ratio = pushBytesPerSecond / ref.streamBytesPerSecond().median();
 * }</pre>
 *
 * @param chunkBytes          bytes per write (stream) or per request (ack)
 * @param streamBytesPerSecond per run: chunks written back to back until the sink confirmed it got them all
 * @param ackBytesPerSecond    per run: one chunk, wait for a one-byte ack, repeat
 * @param ackOpsPerSecond      per run: round trips per second of the ack variant
 * @param ackLatency           every round trip of the ack variant
 */
public record ReferenceResult(long chunkBytes, Spread streamBytesPerSecond, Spread ackBytesPerSecond,
                              Spread ackOpsPerSecond, Histogram ackLatency) {
}
