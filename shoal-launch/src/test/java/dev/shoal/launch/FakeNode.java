package dev.shoal.launch;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for {@code dev.shoal.cli.Shoal} in child JVMs, so LocalCluster can be tested without real nodes.
 *
 * <pre>{@code
 * LocalCluster.builder().mainClass(FakeNode.class.getName()).serverArgs(List.of("--fail-with", "7"))
 * }</pre>
 *
 * <p>Prints {@code args: ...}, then behaves by role: coordinator and server print {@code ROLE listening on ...}
 * and run until stopped; a worker prints {@code working} and exits with {@code --exit N} (default 0). Flags:
 * {@code --fail-with N} exits with N before listening, {@code --never-ready} runs without ever listening,
 * {@code --ignore-sigterm} keeps running after SIGTERM.
 */
public final class FakeNode {

    private FakeNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.installFromEnvironment();
        List<String> list = List.of(args);
        System.out.println("args: " + String.join(" ", list));
        String failWith = value(list, "--fail-with");
        if (failWith != null) {
            System.err.println("failing on purpose with " + failWith);
            System.exit(Integer.parseInt(failWith));
        }
        if (list.contains("--ignore-sigterm")) {
            Runtime.getRuntime().addShutdownHook(new Thread(FakeNode::blockForever));
        }
        if (list.getFirst().equals("worker")) {
            String exit = value(list, "--exit");
            System.out.println("working");
            System.out.println("exiting with " + (exit == null ? "0" : exit));
            System.exit(exit == null ? 0 : Integer.parseInt(exit));
        }
        if (!list.contains("--never-ready")) {
            System.out.println(list.getFirst() + " listening on 127.0.0.1:" + value(list, "--port"));
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
