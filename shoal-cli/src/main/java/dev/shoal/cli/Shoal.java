package dev.shoal.cli;

import dev.shoal.cli.bench.BenchCommand;
import dev.shoal.cli.experiment.ExperimentCommand;
import dev.shoal.cli.local.LocalCommand;
import dev.shoal.launch.ParentWatch;
import dev.shoal.cli.node.CoordinatorCommand;
import dev.shoal.cli.node.ServerCommand;
import dev.shoal.cli.node.WorkerCommand;
import dev.shoal.cli.train.DemoCommand;
import dev.shoal.cli.train.TrainCommand;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code shoal} command: one executable for every node role, local clusters and benchmarks.
 *
 * <pre>{@code
 * java -jar shoal-cli/target/shoal.jar local --servers 2 --workers 2
 * int code = Shoal.commandLine().execute("local", "--servers", "1", "--workers", "1");
 * }</pre>
 */
@Command(name = "shoal", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        header = "Shoal parameter server.",
        synopsisSubcommandLabel = "COMMAND",
        description = "Runs a coordinator, a parameter server or a worker, a whole cluster on this machine, "
                + "a training job, or a benchmark. 'shoal COMMAND --help' describes each command.",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  shoal demo",
            "  shoal local --servers 2 --workers 2",
            "  shoal train examples/mlp-fashion-mnist.yaml --local --servers 2 --workers 2",
            "  shoal local --workers 4 --consistency ssp:3 -- --job ssp-check --clocks 200",
            "  shoal coordinator --port 7100 --servers 2 --workers 4 --consistency bsp",
            "  shoal server --coordinator 10.0.0.1:7100 --host 10.0.0.2 --port 7101",
            "  shoal worker --coordinator 10.0.0.1:7100 --job sum --clocks 50",
            "  shoal bench pushpull --servers 1 --workers 1 --size 4194304",
            "  shoal help local",
            "  SHOAL_JAVA_OPTS=-Xmx4g bin/shoal local --servers 4 --workers 4"})
public final class Shoal implements Callable<Integer> {

    /**
     * Subcommands of {@code shoal}, in the order {@code shoal --help} lists them. A new command is registered by
     * adding its class here.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CoordinatorCommand.class,
            ServerCommand.class,
            WorkerCommand.class,
            LocalCommand.class,
            TrainCommand.class,
            DemoCommand.class,
            ExperimentCommand.class,
            BenchCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        ParentWatch.installFromEnvironment();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with every subcommand registered, ready to {@code execute(args)}; a user's mistake ends
     * with one line on stderr ({@link UserErrors}).
     */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Shoal());
        SUBCOMMANDS.forEach(line::addSubcommand);
        line.addSubcommand(CommandLine.HelpCommand.class);
        // after the subcommands, so that they report errors the same way
        return UserErrors.install(line);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * {@code shoal --version}: the version in the jar manifest, or {@code dev} when run from classes.
     *
     * <pre>{@code
     * String[] lines = new Shoal.VersionProvider().getVersion();   // {"shoal 0.1.0", "Java 25 (...)"}
     * // on a subcommand: @Command(name = "x", versionProvider = Shoal.VersionProvider.class)
     * }</pre>
     */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Shoal.class.getPackage().getImplementationVersion();
            return new String[] {
                "shoal " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
