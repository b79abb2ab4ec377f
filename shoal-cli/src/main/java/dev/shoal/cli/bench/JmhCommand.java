package dev.shoal.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code shoal bench jmh}: the JMH microbenchmarks of the hot paths ({@code dev.shoal.bench.jmh}), with JMH's own
 * command line.
 *
 * <pre>{@code
 * shoal bench jmh -f 1 -wi 3 -i 5 Optimizer
 * }</pre>
 */
@Command(name = "jmh",
        header = "JMH microbenchmarks: frame codec, optimizers, sparse rows, slicing, memory copy.",
        description = {"Arguments are JMH's (e.g. -f forks, -wi warm-up iterations, -i iterations, -p param=value, "
                + "-rf json -rff out.json) followed by regular expressions of the benchmarks to run; '-h' lists "
                + "JMH's options, '-l' the benchmarks.",
            "Benchmarks run in forked JVMs with this JVM's java and class path."},
        footerHeading = "%nExamples:%n",
        footer = {"  shoal bench jmh", "  shoal bench jmh -f 1 -wi 2 -i 3 FrameCodec MemoryCopy",
            "  shoal bench jmh Optimizer -p optimizer=adam,ftrl -rf json -rff optimizers.json"})
public final class JmhCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Everything after {@code jmh}, in order: JMH parses it (picocli would split options from their values). */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws RunnerException, java.io.IOException {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            spec.commandLine().getErr().println("shoal bench jmh: " + e.getMessage());
            return 2;
        }
        if (options.shouldHelp()) {
            options.showHelp();
            return 0;
        }
        Runner runner = new Runner(options);
        if (options.shouldList()) {
            runner.list();
            return 0;
        }
        return runner.run().isEmpty() ? 1 : 0;
    }
}
