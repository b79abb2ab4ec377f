package dev.shoal.cli.local;

import java.util.List;

/**
 * JVM flags every Shoal node process gets, whoever starts it (a local cluster, a benchmark).
 *
 * <pre>{@code
 * command.addAll(JvmOptions.platform());
 * }</pre>
 */
public final class JvmOptions {
    private JvmOptions() {
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
}
