package dev.shoal.cli.train;

import dev.shoal.cli.Shoal;
import dev.shoal.ml.data.FashionMnist;
import dev.shoal.ml.data.SyntheticImages;
import dev.shoal.ml.model.Blas;
import dev.shoal.ml.report.EvalPoint;
import dev.shoal.ml.report.MetricsLog;
import dev.shoal.ml.train.DataPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shoal demo}: Fashion-MNIST, installed if it is missing, trained by a local cluster of 2 servers and 2
 * workers to 85 % test accuracy.
 *
 * <pre>{@code
 * bin/shoal demo
 * }</pre>
 *
 * <p>When the data set is missing and cannot be installed here (no root, no password-less sudo, no network),
 * it says what to run and trains on {@link SyntheticImages} meanwhile, saying so at the start and at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Shoal.VersionProvider.class,
        header = "Train an MLP on Fashion-MNIST with a local cluster of 2 servers and 2 workers.",
        description = {"Installs Fashion-MNIST (Debian package dataset-fashion-mnist) and OpenBLAS "
                + "(libopenblas0-pthread) if they are missing, starts a "
                + "coordinator, 2 servers and 2 workers on this machine, trains the 784-256-10 MLP with BSP until "
                + "3 epochs are done (about 85-86 %% test accuracy), and shows where the plot is."},
        footerHeading = "%nExamples:%n",
        footer = {"  bin/shoal demo", "  bin/shoal demo --workers 1 --epochs 2"})
public final class DemoCommand implements Callable<Integer> {
    private static final double TARGET = 0.85;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", description = "Servers (default: ${DEFAULT-VALUE}).")
    int servers = 2;

    @Option(names = "--workers", description = "Workers (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--epochs", description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs = 3;

    @Option(names = "--data", description = "Fashion-MNIST's directory (default: ${DEFAULT-VALUE}).")
    Path data = DataPaths.fashionMnist();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean synthetic = !FashionMnist.isPresent(data) && !install(out);
        if (!Blas.isNative()) {
            installBlas(out);
        }
        Path dir = data;
        if (synthetic) {
            dir = SyntheticImages.write(Path.of("runs", "synthetic-images"), 20_000, 5_000, 42).toAbsolutePath();
            out.println("shoal demo: *** training on a SYNTHETIC data set in " + dir + ", not Fashion-MNIST ***");
        }
        Path run = Path.of("runs", "demo-" + RUN_TIME.format(LocalDateTime.now())).toAbsolutePath();
        CommandLine train = new CommandLine(new TrainCommand()).setOut(out).setErr(spec.commandLine().getErr());
        int code = train.execute("--model", "mlp", "--data", dir.toString(), "--epochs", Integer.toString(epochs),
                "--batch", "64", "--optimizer", "sgd:lr=0.1", "--consistency", "bsp",
                "--target-accuracy", Double.toString(TARGET), "--local", "--servers", Integer.toString(servers),
                "--workers", Integer.toString(workers), "--out", run.toString());
        if (code != 0) {
            return code;
        }
        return verdict(out, run, synthetic);
    }

    private int verdict(PrintWriter out, Path run, boolean synthetic) throws IOException {
        List<EvalPoint> points = MetricsLog.read(run.resolve("metrics.csv"));
        double best = points.stream().mapToDouble(EvalPoint::testAccuracy).max().orElse(0);
        String what = synthetic ? "the SYNTHETIC stand-in (not Fashion-MNIST)" : "Fashion-MNIST";
        out.printf(Locale.ROOT, "%nshoal demo: %s, best test accuracy %.2f%% (target %.0f%%): %s%n", what,
                100 * best, 100 * TARGET, best >= TARGET ? "reached" : "NOT reached");
        out.println("shoal demo: the plot is " + run.resolve("plot.png"));
        out.flush();
        return best >= TARGET ? 0 : 3;
    }

    /** Tries {@code apt-get install dataset-fashion-mnist} as root or through password-less sudo. */
    private boolean install(PrintWriter out) throws IOException, InterruptedException {
        String command = "apt-get install -y dataset-fashion-mnist";
        out.println("shoal demo: Fashion-MNIST is not in " + data + "; trying: " + command);
        out.flush();
        int code = aptInstall("dataset-fashion-mnist");
        if (code == 0 && FashionMnist.isPresent(data)) {
            return true;
        }
        if (code == 0) {
            out.println("shoal demo: the package installs into " + DataPaths.fashionMnist() + ", not " + data
                    + "; run without --data to use it");
            out.flush();
            return false;
        }
        out.println("shoal demo: could not install it here. To get the real data set, run:");
        out.println("    sudo apt-get install dataset-fashion-mnist      (or: scripts/install-data.sh)");
        out.flush();
        return false;
    }

    /**
     * The workers are started after this check, so OpenBLAS installed now is what they load; without it they
     * fall back to a pure-Java BLAS several times slower, and the demo still works.
     */
    private void installBlas(PrintWriter out) throws InterruptedException {
        out.println("shoal demo: no native BLAS here (" + Blas.describe() + "); trying: apt-get install -y "
                + "libopenblas0-pthread");
        out.flush();
        if (aptInstall("libopenblas0-pthread") != 0) {
            out.println("shoal demo: could not install it; training with the pure-Java BLAS, several times slower "
                    + "(to install: sudo apt-get install libopenblas0-pthread)");
            out.flush();
        }
    }

    /** {@code apt-get install -y package} as root, or through password-less sudo; retried after an update as root. */
    private static int aptInstall(String pkg) throws InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> argv = root ? List.of("apt-get", "install", "-y", pkg)
                : List.of("sudo", "-n", "apt-get", "install", "-y", pkg);
        int code = run(argv);
        if (code != 0 && root) {
            run(List.of("apt-get", "update"));
            code = run(argv);
        }
        return code;
    }

    private static int run(List<String> argv) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(argv).inheritIO().redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;   // no apt-get or no sudo on this machine
        }
    }
}
