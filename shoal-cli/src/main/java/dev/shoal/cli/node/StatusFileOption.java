package dev.shoal.cli.node;

import dev.shoal.transport.status.NodeStatusFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --status-file PATH} option of every node command: where the node reports its state as JSON
 * ({@link NodeStatusFile}) for the program that started it. Defaults to the {@value NodeStatusFile#ENV}
 * environment variable, which {@code shoal local}, {@code shoal train}, the experiment harness and the benchmark
 * set for each node they start.
 *
 * <pre>{@code
 * @Mixin StatusFileOption statusFile;
 * ...
 * NodeStatusFile status = statusFile.open("server");       // "starting"
 * status.update(s -> s.ready("127.0.0.1:7101", null));
 * }</pre>
 */
public final class StatusFileOption {

    @Option(names = "--status-file", paramLabel = "PATH", defaultValue = "${env:" + NodeStatusFile.ENV + "}",
            description = "Write this node's state (starting, ready, failed, done), address and metrics URL to PATH "
                    + "as JSON, rewritten whole at each change (default: $" + NodeStatusFile.ENV + ", else none).")
    Path path;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * Starts reporting as {@code role}; without a path nothing is written. A path that cannot be written is a usage
     * error naming it, not a stack trace.
     */
    public NodeStatusFile open(String role) {
        try {
            return NodeStatusFile.open(path, role);
        } catch (UncheckedIOException e) {
            throw new ParameterException(mixee.commandLine(), "--status-file: " + e.getMessage());
        }
    }

    /** The one line a status file carries for {@code e}: its message, or its type when it has none. */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }
}
