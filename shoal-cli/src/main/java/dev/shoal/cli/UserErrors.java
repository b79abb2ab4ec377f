package dev.shoal.cli;

import dev.shoal.protocol.frame.ErrorCode;
import dev.shoal.protocol.frame.ShoalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a user's mistake into one line on stderr that says what happened and what to do, instead of a usage page
 * or a stack trace: a bad flag, a port in use, a coordinator that cannot be reached, a missing file.
 *
 * <pre>{@code
 * CommandLine line = new CommandLine(new Shoal());
 * UserErrors.install(line);
 * line.execute("coordinator", "--servers", "1", "--workers", "0");
 * // stderr: shoal coordinator: --workers must be at least 1, got 0 (see 'shoal coordinator --help')
 * }</pre>
 *
 * <p>Only failures a user can cause and fix are shortened: {@link ShoalException} (the transport's and the
 * cluster's errors, each already a sentence), I/O errors and invalid arguments. Anything else is a bug in Shoal
 * and keeps its stack trace, which is what a bug report needs.
 */
public final class UserErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Exit code of a bad command line (picocli's convention). */
    public static final int USAGE = 2;
    /** Exit code of a command that could not do its work. */
    public static final int FAILED = 1;

    private UserErrors() {
    }

    /** Makes {@code line} and its subcommands report errors this way. */
    public static CommandLine install(CommandLine line) {
        UserErrors handler = new UserErrors();
        return line.setParameterExceptionHandler(handler).setExecutionExceptionHandler(handler);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        // "Did you mean ...?" helps, and comes before the one line that ends the output
        UnmatchedArgumentException.printSuggestions(e, err);
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        String sentence = sentence(e);
        if (sentence == null) {
            throw e;
        }
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + sentence);
        err.flush();
        return FAILED;
    }

    /** The line for a failure the user can fix, or null for a bug. */
    static String sentence(Exception e) {
        if (e instanceof ShoalException s) {
            return s.getMessage() + hint(s);
        }
        if (e instanceof UncheckedIOException u) {
            return sentence(u.getCause());
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return e instanceof FileSystemException f ? file(f) : e.getMessage();
        }
        return null;
    }

    /** A file system error's message is often the bare path ({@code NoSuchFileException: job.yaml}). */
    private static String file(FileSystemException e) {
        String path = e.getFile() + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "");
        if (e instanceof NoSuchFileException) {
            return path + ": no such file or directory; check the path";
        }
        if (e instanceof AccessDeniedException) {
            return path + ": permission denied; check who may read or write it";
        }
        return path + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
    }

    /** What to do about a transport failure, when the message alone does not say. */
    private static String hint(ShoalException e) {
        if (e.code() != ErrorCode.UNREACHABLE || e.getMessage() == null) {
            return "";
        }
        if (e.getMessage().startsWith("cannot listen on")) {
            return "; another process may hold that port: stop it or choose another --port";
        }
        if (e.getMessage().startsWith("cannot serve metrics on")) {
            return "; another process may hold that port: stop it or choose another --metrics-port";
        }
        if (e.getMessage().contains("coordinator")) {
            return "; start the coordinator first, check the --coordinator address (host:port) and the network, "
                    + "or wait longer with --join-timeout-s";
        }
        return "";
    }
}
