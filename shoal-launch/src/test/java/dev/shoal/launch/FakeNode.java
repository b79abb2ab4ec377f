package dev.shoal.launch;

import dev.shoal.transport.status.NodeStatusFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for {@code dev.shoal.cli.Shoal} in child JVMs, so LocalCluster can be tested without real nodes.
 *
 * <pre>{@code
 * LocalCluster.builder().mainClass(FakeNode.class.getName()).serverArgs(List.of("--fail-with", "7"))
 * }</pre>
 *
 * <p>Prints {@code args: ...}, then behaves by role: coordinator and server print {@code ROLE listening on ...},
 * report {@code ready} with that address in their status file and run until stopped; a worker prints
 * {@code working} and exits with {@code --exit N} (default 0). Flags: {@code --fail-with N} reports
 * {@code failed} and exits with N before listening, {@code --crash N} exits with N without a word in its status
 * file, {@code --never-ready} runs without ever listening,
 * {@code --ignore-sigterm} keeps running after SIGTERM.
 */
public final class FakeNode {

    private FakeNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.installFromEnvironment();
        List<String> list = List.of(args);
        System.out.println("args: " + String.join(" ", list));
        String statusFile = System.getenv(NodeStatusFile.ENV);
        NodeStatusFile status = NodeStatusFile.open(statusFile == null ? null : Path.of(statusFile), list.getFirst());
        String crash = value(list, "--crash");
        if (crash != null) {
            System.out.println("crashing with " + crash);
            System.exit(Integer.parseInt(crash));
        }
        String failWith = value(list, "--fail-with");
        if (failWith != null) {
            System.err.println("failing on purpose with " + failWith);
            status.update(s -> s.failed("failing on purpose with " + failWith));
            System.exit(Integer.parseInt(failWith));
        }
        if (list.contains("--ignore-sigterm")) {
            Runtime.getRuntime().addShutdownHook(new Thread(FakeNode::blockForever));
        }
        if (list.getFirst().equals("worker")) {
            String exit = value(list, "--exit");
            System.out.println("working");
            System.out.println("exiting with " + (exit == null ? "0" : exit));
            status.update(s -> exit == null ? s.done(null) : s.failed("exiting with " + exit));
            System.exit(exit == null ? 0 : Integer.parseInt(exit));
        }
        if (!list.contains("--never-ready")) {
            System.out.println(list.getFirst() + " listening on 127.0.0.1:" + value(list, "--port"));
            status.update(s -> s.ready("127.0.0.1:" + value(list, "--port"), null));
        }
        blockForever();
    }

    private static String value(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    private static void blockForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
