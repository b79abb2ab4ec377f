package dev.shoal.eval.netem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs iproute2's {@code ip} and {@code tc} commands; a failure names the command line and its stderr.
 *
 * <pre>{@code
 * IpRoute ipr = IpRoute.locate().orElseThrow();
 * ipr.ip("netns", "add", "shoal-123-0-0");                  // NetworkEmulationException if it fails
 * IpRoute.Result r = ipr.tryIp("link", "del", "gone0");     // never throws; r.ok() says how it went
 * }</pre>
 */
final class IpRoute {
    /** Searched after PATH, since a non-root user's PATH often lacks the sbin directories. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final long TIMEOUT_SECONDS = 20;

    private final Path ip;
    private final Path tc;

    /** A finished command. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return "'" + String.join(" ", command) + "' failed with exit code " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip());
        }
    }

    IpRoute(Path ip, Path tc) {
        this.ip = ip;
        this.tc = tc;
    }

    /** Both tools, or empty if either is missing. */
    static Optional<IpRoute> locate() {
        Optional<Path> ip = executable("ip");
        Optional<Path> tc = executable("tc");
        return ip.isPresent() && tc.isPresent() ? Optional.of(new IpRoute(ip.get(), tc.get())) : Optional.empty();
    }

    static Optional<Path> executable(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(":")), SYSTEM_DIRS.stream())
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    Path ipPath() {
        return ip;
    }

    /** Runs {@code ip args...}; returns its stdout. */
    String ip(String... args) {
        return check(tryIp(args));
    }

    /** Runs {@code tc args...}; returns its stdout. */
    String tc(String... args) {
        return check(tryTc(args));
    }

    Result tryIp(String... args) {
        return run(ip, args);
    }

    Result tryTc(String... args) {
        return run(tc, args);
    }

    private static String check(Result r) {
        if (!r.ok()) {
            throw new NetworkEmulationException(r.describe());
        }
        return r.stdout();
    }

    private static Result run(Path tool, String... args) {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            // Read concurrently so that neither stream can fill its pipe and stall the other.
            CompletableFuture<String> stdout = readAsync(p.getInputStream());
            CompletableFuture<String> stderr = readAsync(p.getErrorStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(command, -1, "", "no answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(command, p.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            return new Result(command, -1, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "", "interrupted");
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("iproute-output").start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The stream breaks only when the process was killed, whose result says so already.
                text.complete("");
            }
        });
        return text;
    }
}
