package dev.shoal.ml.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

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
 * <p>Written and read through commons-csv (RFC 4180: a cell with a comma or quote is quoted). Columns:
 * {@value #HEADER}. Seconds are written with millisecond resolution, losses and accuracy in full
 * ({@link Double#toString}, so they read back exactly; {@code NaN} when unknown). Each line is flushed as soon as
 * it is appended, so a run that crashes or is killed keeps every evaluation it finished, and another process can
 * follow the file while the run goes on.
 */
public final class MetricsLog implements Closeable {

    /** The first line of every metrics file. */
    public static final String HEADER = "step,epoch,train_seconds,wall_seconds,train_loss,test_loss,test_accuracy";

    private static final String[] COLUMNS = HEADER.split(",");

    /** RFC 4180 with Unix line ends; cells are trimmed on reading, as the hand-edited files of old runs may be. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setTrim(true)
            .get();

    private final Path file;
    private final CSVPrinter out;

    private MetricsLog(Path file, CSVPrinter out) {
        this.file = file;
        this.out = out;
    }

    /** Starts {@code file} afresh (replacing any previous one) with the header; creates the parent directories. */
    public static MetricsLog create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MetricsLog log = new MetricsLog(file, FORMAT.print(file, StandardCharsets.UTF_8));
        log.writeRecord(COLUMNS);
        return log;
    }

    /**
     * Appends and flushes one line. Unchecked so that it fits a training listener: a run that cannot record its
     * curve should stop rather than go on unobserved.
     */
    public void append(EvalPoint p) {
        writeRecord(cells(p));
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
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<EvalPoint> points = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            String[] header = records.hasNext() ? records.next().values() : null;
            if (!Arrays.equals(header, COLUMNS)) {
                throw new IllegalArgumentException(file + ":1: expected the header " + HEADER + ", got "
                        + (header == null ? "an empty file" : "'" + String.join(",", header) + "'"));
            }
            while (records.hasNext()) {
                CSVRecord r = records.next();
                points.add(parse(r.values(), file + ":" + lineOf(text, r.getCharacterPosition())));
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": malformed CSV: " + e.getCause().getMessage(), e);
        }
        return points;
    }

    /** The CSV line of {@code p}, without the line break. */
    public static String format(EvalPoint p) {
        return FORMAT.format((Object[]) cells(p));
    }

    /** Seconds with millisecond resolution; losses and accuracy in full, so that they read back exactly. */
    private static String[] cells(EvalPoint p) {
        return new String[] {Integer.toString(p.step()), Integer.toString(p.epoch()),
            String.format(Locale.ROOT, "%.3f", p.trainSeconds()), String.format(Locale.ROOT, "%.3f", p.wallSeconds()),
            Double.toString(p.trainLoss()), Double.toString(p.testLoss()), Double.toString(p.testAccuracy())};
    }

    /** The 1-based line of a record that starts at {@code position}, past the blank lines it skipped. */
    private static long lineOf(String text, long position) {
        int at = (int) position;
        while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
            at++;
        }
        return 1 + text.substring(0, at).chars().filter(c -> c == '\n').count();
    }

    private static EvalPoint parse(String[] f, String where) {
        if (f.length != COLUMNS.length) {
            throw new IllegalArgumentException(where + ": expected " + COLUMNS.length + " comma-separated values ("
                    + HEADER + "), got " + f.length + ": '" + String.join(",", f) + "'");
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
            return Integer.parseInt(fields[column]);
        } catch (NumberFormatException e) {
            throw notANumber(fields, column, where, "an integer");
        }
    }

    private static double real(String[] fields, int column, String where) {
        try {
            return Double.parseDouble(fields[column]);
        } catch (NumberFormatException e) {
            throw notANumber(fields, column, where, "a number");
        }
    }

    private static IllegalArgumentException notANumber(String[] fields, int column, String where, String expected) {
        return new IllegalArgumentException(where + ": " + COLUMNS[column] + " must be " + expected + ", got '"
                + fields[column] + "'");
    }

    private void writeRecord(String... cells) {
        try {
            out.printRecord((Object[]) cells);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }
}
