package dev.shoal.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags every Shoal node process gets, whoever starts it (a local cluster, a benchmark), and the command
 * line that starts one with this JVM's java and class path.
 *
 * <pre>{@code
 * List<String> cmd = JvmOptions.shoalCommand("dev.shoal.cli.Shoal", List.of("-Xmx1g"), List.of("server", "--help"));
 * }</pre>
 */
public final class JvmOptions {
    /** The main class of every Shoal node process: the {@code shoal} command line. */
    public static final String SHOAL_MAIN = "dev.shoal.cli.Shoal";
    /** Machines with this many cores or fewer stop training workers' JIT at C1 by default. */
    public static final int SMALL_MACHINE_CORES = 4;
    /** Stops the JIT at C1: on a small machine C2's compile threads take cores from training (PERFORMANCE.md). */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private JvmOptions() {
    }

    /** Whether training workers' JIT stops at C1 by default here: this machine has few cores. */
    public static boolean isSmallMachine() {
        return Runtime.getRuntime().availableProcessors() <= SMALL_MACHINE_CORES;
    }

    /** The JVM options of training workers when the user chose none ({@code shoal train --worker-jit auto}). */
    public static List<String> autoWorkerJit() {
        return isSmallMachine() ? List.of(C1_ONLY) : List.of();
    }

    /**
     * On JDK 24+: allow Netty's epoll JNI and its {@code sun.misc.Unsafe} buffer access without warnings, and on
     * JDK 25+ ask Netty to use Unsafe, which it otherwise avoids there by default (its buffers are faster with it).
     */
    public static List<String> platform() {
        int feature = Runtime.version().feature();
        if (feature < 24) {
            return List.of();
        }
        if (feature < 25) {
            return List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        }
        return List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dio.netty.noUnsafe=false");
    }

    /** {@code java <platform flags> <jvmOptions> -cp <this class path> mainClass args...}, with this JVM's java. */
    public static List<String> shoalCommand(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(platform());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
