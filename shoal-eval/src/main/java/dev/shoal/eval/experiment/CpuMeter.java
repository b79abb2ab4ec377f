package dev.shoal.eval.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU use between two moments, from {@code /proc/stat}: on a 2-core machine running a dozen nodes,
 * a run that kept the cores busy measured the CPU, not the network, and the report says so.
 *
 * <pre>{@code
 * CpuMeter.Sample a = CpuMeter.sample();
 * runSomething();
 * double busy = CpuMeter.sample().busySince(a);   // 0.97: the cores were the limit
 * }</pre>
 */
final class CpuMeter {
    private static final Path STAT = Path.of("/proc/stat");

    private CpuMeter() {
    }

    /**
     * Cumulative jiffies of all cores.
     *
     * @param busy  user, nice, system, irq, softirq and steal
     * @param total busy plus idle and iowait
     */
    record Sample(long busy, long total) {
        /** Busy fraction from {@code earlier} to this sample; NaN if either is unknown or no time passed. */
        double busySince(Sample earlier) {
            long dt = total - earlier.total;
            return total < 0 || earlier.total < 0 || dt <= 0 ? Double.NaN : (double) (busy - earlier.busy) / dt;
        }
    }

    /** Now; {@code (-1, -1)} where {@code /proc/stat} cannot be read (not Linux). */
    static Sample sample() {
        try {
            return parse(Files.readAllLines(STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return new Sample(-1, -1);
        }
    }

    /** The aggregate {@code cpu  user nice system idle iowait irq softirq steal ...} line. */
    static Sample parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 5) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long busy = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            long v = Long.parseLong(f[i]);
            if (i == 4 || i == 5) {
                idle += v;
            } else {
                busy += v;
            }
        }
        return new Sample(busy, busy + idle);
    }
}
