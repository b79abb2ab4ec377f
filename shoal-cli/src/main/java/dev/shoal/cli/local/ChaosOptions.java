package dev.shoal.cli.local;

import dev.shoal.launch.ChaosMonkey;
import dev.shoal.launch.LocalCluster;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The chaos switch of {@code shoal local} and {@code shoal train --local}: kill or pause a random server every so
 * often and say so, to watch a job survive ({@link ChaosMonkey}).
 *
 * <pre>{@code
 * shoal local --servers 3 --workers 2 --consistency asp --chaos kill --chaos-every-s 10
 * }</pre>
 */
public final class ChaosOptions {
    /** What {@code --chaos} accepts. */
    public enum Mode { none, kill, pause }

    @Option(names = "--chaos", paramLabel = "FAULT", description = "kill: SIGKILL a random server, then start it "
            + "again; pause: SIGSTOP one, SIGCONT it after --chaos-pause-s; every --chaos-every-s while the job runs "
            + "(needs 2 servers or more; default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.none;

    @Option(names = "--chaos-every-s", paramLabel = "SECONDS", description = "Seconds between faults, counted once "
            + "every server is back in service (default: ${DEFAULT-VALUE}).")
    double everySeconds = 10;

    @Option(names = "--chaos-pause-s", paramLabel = "SECONDS", description = "How long a paused server stays stopped; "
            + "past the heartbeat timeout (3 s) it is replaced and rejoins once resumed (default: ${DEFAULT-VALUE}).")
    double pauseSeconds = 5;

    @Option(names = "--chaos-seed", paramLabel = "N", description = "Seed of which server is struck "
            + "(default: ${DEFAULT-VALUE}).")
    long seed = 1;

    /** Whether a fault was asked for. */
    public boolean enabled() {
        return mode != Mode.none;
    }

    /** Refuses, as a usage error, chaos that the job cannot survive. */
    public void validate(CommandSpec spec, int servers) {
        if (mode == Mode.none) {
            return;
        }
        if (servers < 2) {
            throw new ParameterException(spec.commandLine(), "--chaos needs --servers 2 or more: with one server "
                    + "a fault loses the model");
        }
        if (!(everySeconds > 0) || !(pauseSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--chaos-every-s and --chaos-pause-s must be > 0");
        }
    }

    /** Starts striking {@code cluster}, saying each fault on {@code out}; null when there is no chaos. */
    public ChaosMonkey start(LocalCluster cluster, PrintWriter out) {
        if (mode == Mode.none) {
            return null;
        }
        ChaosMonkey.Fault fault = mode == Mode.kill ? ChaosMonkey.Fault.KILL : ChaosMonkey.Fault.PAUSE;
        out.printf("chaos: will %s a random server every %.1f s%n", mode, everySeconds);
        out.flush();
        return ChaosMonkey.start(cluster, fault, Duration.ofMillis((long) (everySeconds * 1000)),
                Duration.ofMillis((long) (pauseSeconds * 1000)), seed, line -> {
                    out.println(line);
                    out.flush();
                });
    }
}
