package dev.shoal.cli.bench;

import dev.shoal.cli.Shoal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shoal bench}: benchmarks of a local cluster.
 *
 * <pre>{@code
 * shoal bench pushpull --servers 1 --workers 1 --size 4194304 --runs 3
 * shoal bench failover --kills 20
 * }</pre>
 *
 * <p>{@code worker} and {@code tcp-sink} are hidden: they are the processes {@code pushpull} starts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        header = "Benchmarks of a cluster on this machine.",
        description = "Starts a local cluster and measures it: push and pull ('shoal bench pushpull --help'), the "
                + "fail-over time after a server is killed ('shoal bench failover --help'); or runs the JMH "
                + "microbenchmarks of the hot paths ('shoal bench jmh -h').",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {PushPullCommand.class, FailoverCommand.class, JmhCommand.class, BenchWorkerCommand.class, TcpSinkCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal bench pushpull --servers 1 --workers 1 --size 4194304 --runs 3",
            "  shoal bench pushpull --size 4096 --window 16 --json",
            "  shoal bench pushpull --sparse-keys 10000000",
            "  shoal bench failover --kills 20",
            "  shoal bench jmh -f 1 -wi 3 -i 5 Optimizer"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose pushpull, failover or jmh");
    }
}
