package dev.shoal.launch;

import java.util.Optional;

/**
 * Makes a node started by {@link LocalCluster} exit when the process that started it is gone, even if that
 * process was killed with SIGKILL and never ran its shutdown hook.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ParentWatch.installFromEnvironment();   // no-op unless SHOAL_LOCAL_PARENT_PID is set
 *     ...
 * }
 * }</pre>
 */
public final class ParentWatch {

    /** Environment variable holding the pid of the process that owns this node. */
    public static final String ENV = "SHOAL_LOCAL_PARENT_PID";

    /** Exit code of a node that stops because its parent is gone, the same as after SIGTERM. */
    public static final int EXIT_CODE = 143;

    private ParentWatch() {
    }

    public static void installFromEnvironment() {
        String value = System.getenv(ENV);
        if (value == null || value.isBlank()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            System.err.println("shoal: ignoring " + ENV + "=" + value + ": not a pid");
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty()) {
            exit(pid);
        } else {
            parent.get().onExit().thenRun(() -> exit(pid));
        }
    }

    private static void exit(long pid) {
        System.err.println("shoal: process " + pid + " that started this node is gone; exiting");
        System.exit(EXIT_CODE);
    }
}
