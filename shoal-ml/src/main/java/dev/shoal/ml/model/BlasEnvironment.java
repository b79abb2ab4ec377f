package dev.shoal.ml.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Environment variables for OpenBLAS in the node processes Shoal starts, set only where the user has not.
 *
 * <pre>{@code
 * ProcessBuilder pb = new ProcessBuilder(command);
 * BlasEnvironment.addTo(pb.environment());
 * }</pre>
 *
 * <ul>
 *   <li>{@code OPENBLAS_NUM_THREADS=1}: the processes of a local cluster share the machine's cores, and an
 *       OpenBLAS thread pool per worker would make them fight over them.</li>
 *   <li>{@code OPENBLAS_CORETYPE}: Debian's OpenBLAS 0.3.21 picks kernels by CPU model and, on a model newer
 *       than itself, falls back to generic kernels several times slower. The CPU's flags say which kernels
 *       will run: {@code SkylakeX} with AVX-512, {@code Haswell} with AVX2 and FMA.</li>
 * </ul>
 * OpenBLAS reads both when it loads, so they must be in a process's environment from its start.
 */
public final class BlasEnvironment {

    private BlasEnvironment() {
    }

    /** Adds the variables {@code env} lacks. */
    public static void addTo(Map<String, String> env) {
        env.putAll(missingFrom(env, cpuFlags()));
    }

    /** The variables to add to {@code env} on a CPU with these {@code /proc/cpuinfo} flags. */
    static Map<String, String> missingFrom(Map<String, String> env, String flags) {
        Map<String, String> add = new HashMap<>();
        if (!env.containsKey("OPENBLAS_NUM_THREADS")) {
            add.put("OPENBLAS_NUM_THREADS", "1");
        }
        String core = coreType(flags);
        if (!env.containsKey("OPENBLAS_CORETYPE") && core != null) {
            add.put("OPENBLAS_CORETYPE", core);
        }
        return add;
    }

    /** The OpenBLAS kernel family for these CPU flags, or null to let OpenBLAS decide. */
    static String coreType(String flags) {
        String f = " " + flags.toLowerCase(Locale.ROOT) + " ";
        if (f.contains(" avx512f ") && f.contains(" avx512bw ") && f.contains(" avx512vl ")) {
            return "SkylakeX";
        }
        if (f.contains(" avx2 ") && f.contains(" fma ")) {
            return "Haswell";
        }
        return null;
    }

    /** The first {@code flags} line of {@code /proc/cpuinfo}, or empty off Linux. */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no access: OpenBLAS decides alone
        }
        return "";
    }
}
