package dev.shoal.cli.bench;

import dev.shoal.launch.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code shoal bench jmh}: the JMH microbenchmarks of the hot paths ({@code dev.shoal.jmh}, module shoal-jmh), with JMH's own
 * command line.
 *
 * <pre>{@code
 * shoal bench jmh -f 1 -wi 3 -i 5 Optimizer
 * }</pre>
 */
@Command(name = "jmh",
        customSynopsis = "shoal bench jmh [--help] [JMH-OPTION...] [BENCHMARK-REGEX...]",
        header = "JMH microbenchmarks: frame codec, optimizers, sparse rows, slicing, memory copy.",
        description = {"Arguments are JMH's (e.g. -f forks, -wi warm-up iterations, -i iterations, -p param=value, "
                + "-rf json -rff out.json) followed by regular expressions of the benchmarks to run; '-h' lists "
                + "JMH's options, '-l' the benchmarks.",
            "The benchmarks live in their own jar (shoal-jmh.jar: lib/ of a distribution, shoal-jmh/target/ of a "
                + "source checkout), so that the product jar does not carry JMH; it runs in a JVM of its own.",
            "Environment: SHOAL_JMH_JAR=path overrides where the jar is looked for."},
        footerHeading = "%nExamples:%n",
        footer = {"  shoal bench jmh", "  shoal bench jmh -f 1 -wi 2 -i 3 FrameCodec MemoryCopy",
            "  shoal bench jmh Optimizer -p optimizer=adam,ftrl -rf json -rff optimizers.json"})
public final class JmhCommand implements Callable<Integer> {
    private static final String JAR = "shoal-jmh.jar";

    @Spec
    CommandSpec spec;

    /** Everything after {@code jmh}, in order: JMH parses it (picocli would split options from their values). */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (jmhArgs.contains("--help")) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        Optional<Path> jar = benchmarksJar();
        if (jar.isEmpty()) {
            spec.commandLine().getErr().println("shoal bench jmh: " + JAR + " is missing (looked next to shoal.jar and "
                    + "in shoal-jmh/target); build it with './mvnw -q -DskipTests package -pl shoal-jmh -am'");
            return 1;
        }
        List<String> command = new ArrayList<>();
        command.add(JvmOptions.shoalCommand("unused", List.of(), List.of()).get(0));
        command.addAll(JvmOptions.platform());
        command.addAll(List.of("-jar", jar.get().toString()));
        command.addAll(jmhArgs);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** $SHOAL_JMH_JAR, else shoal-jmh.jar beside the running shoal.jar, else in the source tree around it. */
    private static Optional<Path> benchmarksJar() {
        String env = System.getenv("SHOAL_JMH_JAR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isRegularFile);
        }
        List<Path> candidates = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path dir = Path.of(entry).toAbsolutePath().getParent();
            // lib/shoal.jar in a distribution; shoal-cli/target/shoal.jar or .../target/classes in a checkout.
            for (Path d = dir; d != null; d = d.getParent()) {
                candidates.add(d.resolve(JAR));
                candidates.add(d.resolve("shoal-jmh").resolve("target").resolve(JAR));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }
}
