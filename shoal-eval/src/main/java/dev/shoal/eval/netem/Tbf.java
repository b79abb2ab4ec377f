package dev.shoal.eval.netem;

import java.util.ArrayList;
import java.util.List;

/**
 * The token bucket filter that shapes one direction of a node's link: the qdisc's bucket size and queue length
 * for a rate.
 *
 * <pre>{@code
 * Tbf tbf = Tbf.forRate(LinkRate.parse("10gbit"));   // burst 1250000 B, queue 20 ms
 * ipr.tc(tbf.qdiscArgs("dev", "shv39u_0_1"));   // tc qdisc add dev shv39u_0_1 root tbf rate ...
 * }</pre>
 *
 * <p>Why these sizes, measured with one TCP stream between two namespaces on a 2-core VM (kernel 6.18):
 * <ul>
 * <li>The bucket must hold the largest packet the veth hands the qdisc. Veths keep GSO on, so TCP hands over
 *     segments of up to 64 KiB; with a smaller bucket tbf splits each one in software, which at 1 Gbit/s took
 *     a whole core of softirq time (64 KiB bucket: 111 % of the machine's 200 % CPU; 256 KiB: 12 %, at the same
 *     950-955 Mbit/s). Hence at least 128 KiB.
 * <li>Beyond that, the bucket is what a node may send at veth speed after an idle spell, and a parameter
 *     server's traffic is all bursts: a step pulls and then pushes about 0.8 MB per worker, 7 ms at 1 Gbit/s.
 *     A 4 ms bucket (the first choice) let half of each transfer through unshaped: one worker and one server
 *     at 1 Gbit/s stepped in 12.2 ms, faster than the 14.8 ms the link allows. Hence 1 ms of the rate
 *     (1.25 MB at 10 Gbit/s; the 128 KiB floor at 1 Gbit/s).
 * <li>The price is at 10 Gbit/s on a busy machine: the bucket also absorbs how late the qdisc's timer fires,
 *     and tokens beyond it are lost, so a small bucket undershoots. While other work shared the cores, 256 KiB
 *     to 2.5 MB buckets gave 7.2-9.4 Gbit/s of payload for one stream, 4-8 MB buckets mostly 9.5-9.57. On two
 *     cores a 10 Gbit/s run is CPU-bound well before that matters, and the experiment report says so.
 * <li>The queue (tc's {@code latency}) holds 20 ms at the rate beyond the bucket, 2.5 MB at 1 Gbit/s: about
 *     a 1 GbE switch port's share of its buffer. A 4 ms queue (the first choice) collapsed under incast: when
 *     4 workers pushed 0.8 MB each into one server at once, its port dropped so much that each worker
 *     retransmitted 12,000 segments in a 300-step run, and a step took 118 ms where the link allows 55. A
 *     parameter server's traffic is incast by nature, and real ports buffer more than 4 ms; a full queue now
 *     delays packets by at most about 21 ms (computed), which the latency figures then show.
 * <li>GSO stays on. With {@code gso_max_size} 1500 every 1.5 kB packet takes its own trip through the stack:
 *     the same stream reached only 0.85-0.90 Gbit/s at 1 Gbit/s and 0.76 Gbit/s at 10 Gbit/s, CPU-bound.
 * </ul>
 * With these, one TCP stream's payload rate was 95.5-95.9 % of the link rate at 100 Mbit/s, 1 Gbit/s and
 * 10 Gbit/s: what is left after Ethernet, IP and TCP headers. At 10 Gbit/s that holds only while the cores
 * are otherwise idle; the shaped stream itself took about one of the two.
 */
record Tbf(LinkRate rate, long burstBytes, int latencyMillis) {
    static final long MIN_BURST_BYTES = 128 << 10;
    static final int BURST_MILLIS = 1;
    static final int LATENCY_MILLIS = 20;

    static Tbf forRate(LinkRate rate) {
        if (!rate.isLimited()) {
            throw new IllegalArgumentException("an unshaped link has no tbf");
        }
        long burst = Math.max(MIN_BURST_BYTES, (long) (rate.bytesPerSecond() * BURST_MILLIS / 1000));
        return new Tbf(rate, burst, LATENCY_MILLIS);
    }

    /** {@code qdisc add <device...> root tbf rate R burst B latency L}, for {@code tc} or {@code tc -n NS}. */
    String[] qdiscArgs(String... device) {
        List<String> args = new ArrayList<>(List.of("qdisc", "add"));
        args.addAll(List.of(device));
        args.addAll(List.of("root", "tbf", "rate", rate.bitsPerSecond() + "bit", "burst", Long.toString(burstBytes),
                "latency", latencyMillis + "ms"));
        return args.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "tbf rate " + rate + " burst " + burstBytes + " B latency " + latencyMillis + " ms";
    }
}
