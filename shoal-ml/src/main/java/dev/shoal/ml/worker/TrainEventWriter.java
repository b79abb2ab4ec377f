package dev.shoal.ml.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends a worker's {@link TrainEvent}s to its events file, one JSON object per line (JSON Lines), each line
 * written whole and flushed, so a reader following the file sees every event as it happens and never half of one.
 *
 * <pre>{@code
 * try (TrainEventWriter events = TrainEventWriter.open(Path.of("runs/x/events/worker-0.jsonl"))) {
 *     events.write(new TrainEvent.Step(0, 100, 0, 0.42, 3.5));
 * }
 * TrainEventWriter quiet = TrainEventWriter.open(null);   // no events file given: writes nothing
 * }</pre>
 *
 * <p>A file rather than stdout: stdout and the log stay for people, and no program has to pick events out of log
 * lines. The launcher names the file in the {@value #ENV} environment variable, the default of
 * {@code shoal worker --events-file}.
 */
public final class TrainEventWriter implements AutoCloseable {
    /** The environment variable through which a launcher gives a worker its events file. */
    public static final String ENV = "SHOAL_EVENTS_FILE";

    private final Path path;
    private final OutputStream out;

    private TrainEventWriter(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** Creates or truncates {@code path} (and its directory); a null path gives a writer that writes nothing. */
    public static TrainEventWriter open(Path path) throws IOException {
        if (path == null) {
            return new TrainEventWriter(null, null);
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new TrainEventWriter(path, Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    /** The JSON line of {@code event}, without the line terminator. */
    public static String toLine(TrainEvent event) {
        try {
            return Json.MAPPER.writerFor(TrainEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a training event could not be written as JSON: " + event, e);
        }
    }

    public synchronized void write(TrainEvent event) {
        if (out == null) {
            return;
        }
        try {
            // One write call per line: the follower reads only up to the last newline, so it never sees a torn one.
            out.write((toLine(event) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a training event to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
