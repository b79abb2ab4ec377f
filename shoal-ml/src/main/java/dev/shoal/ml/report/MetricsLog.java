package dev.shoal.ml.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's learning curve as CSV, one {@link EvalPoint} a line, and the reader of such files.
 *
 * <pre>{@code
 * try (MetricsLog log = MetricsLog.create(runDir.resolve("metrics.csv"))) {
 *     TrainingJob.run(ps, job, new TrainingJob.Listener() {
 *         public void evaluated(EvalPoint point) {
 *             log.append(point);
 *         }
 *     });
 * }
 * List<EvalPoint> curve = MetricsLog.read(runDir.resolve("metrics.csv"));
 * }</pre>
 *
 * <p>Columns: {@value #HEADER}. Seconds are written with millisecond resolution, losses and accuracy in full
 * ({@link Double#toString}, so they read back exactly; {@code NaN} when unknown). Each line is flushed as soon as
 * it is appended, so a run that crashes or is killed keeps every evaluation it finished, and another process can
 * follow the file while the run goes on.
 */
public final class MetricsLog implements Closeable {

    /** The first line of every metrics file. */
    public static final String HEADER = "step,epoch,train_seconds,wall_seconds,train_loss,test_loss,test_accuracy";

    private static final String[] COLUMNS = HEADER.split(",");

    private final Path file;
    private final BufferedWriter out;

    private MetricsLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Starts {@code file} afresh (replacing any previous one) with the header; creates the parent directories. */
    public static MetricsLog create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MetricsLog log = new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        log.writeLine(HEADER);
        return log;
    }

    /**
     * Appends and flushes one line. Unchecked so that it fits a training listener: a run that cannot record its
     * curve should stop rather than go on unobserved.
     */
    public void append(EvalPoint p) {
        writeLine(format(p));
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The points of a file written by {@link #append}, in file order; blank lines are skipped. */
    public static List<EvalPoint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException(file + ":1: expected the header " + HEADER + ", got "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0) + "'"));
        }
        List<EvalPoint> points = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                points.add(parse(lines.get(i), file + ":" + (i + 1)));
            }
        }
        return points;
    }

    /** The CSV line of {@code p}, without the line break. */
    public static String format(EvalPoint p) {
        return String.format(Locale.ROOT, "%d,%d,%.3f,%.3f,%s,%s,%s", p.step(), p.epoch(), p.trainSeconds(),
                p.wallSeconds(), Double.toString(p.trainLoss()), Double.toString(p.testLoss()),
                Double.toString(p.testAccuracy()));
    }

    private static EvalPoint parse(String line, String where) {
        String[] f = line.strip().split(",", -1);
        if (f.length != COLUMNS.length) {
            throw new IllegalArgumentException(where + ": expected " + COLUMNS.length + " comma-separated values ("
                    + HEADER + "), got " + f.length + ": '" + line + "'");
        }
        try {
            return new EvalPoint(integer(f, 0, where), integer(f, 1, where), real(f, 2, where), real(f, 3, where),
                    real(f, 4, where), real(f, 5, where), real(f, 6, where));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static int integer(String[] fields, int column, String where) {
        try {
            return Integer.parseInt(fields[column].strip());
        } catch (NumberFormatException e) {
            throw notANumber(fields, column, where, "an integer");
        }
    }

    private static double real(String[] fields, int column, String where) {
        try {
            return Double.parseDouble(fields[column].strip());
        } catch (NumberFormatException e) {
            throw notANumber(fields, column, where, "a number");
        }
    }

    private static IllegalArgumentException notANumber(String[] fields, int column, String where, String expected) {
        return new IllegalArgumentException(where + ": " + COLUMNS[column] + " must be " + expected + ", got '"
                + fields[column] + "'");
    }

    private void writeLine(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }
}
