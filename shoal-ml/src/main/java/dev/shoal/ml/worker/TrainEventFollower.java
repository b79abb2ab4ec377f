package dev.shoal.ml.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Reads the training events of every worker of a run as they are written: the {@code *.jsonl} files of an events
 * directory, each from where the last {@link #poll()} stopped, complete lines only.
 *
 * <pre>{@code
 * try (TrainEventFollower f = TrainEventFollower.start(cluster.eventsDir(), (file, e) -> monitor.event(e),
 *         Duration.ofMillis(100))) {
 *     cluster.awaitWorkers(timeout);
 * }   // close() reads what is left, so no event written before the workers exited is missed
 * }</pre>
 *
 * <p>Polling a directory of small files rather than a WatchService: it behaves the same on every file system
 * (WatchService falls back to polling on some, and misses appends on others), and a poll that finds nothing
 * new reads only the files' sizes. A line that is not a training event is an IllegalArgumentException naming
 * the file and line.
 */
public final class TrainEventFollower implements AutoCloseable {
    private final Path dir;
    private final BiConsumer<String, TrainEvent> sink;
    private final Map<Path, Long> offsets = new TreeMap<>();
    private final Map<Path, Integer> lineNumbers = new TreeMap<>();
    private Thread poller;
    private volatile boolean stopping;
    private volatile RuntimeException pollFailure;

    /** Follows {@code dir}; {@code sink} gets each event with its file's name without {@code .jsonl}. */
    public TrainEventFollower(Path dir, BiConsumer<String, TrainEvent> sink) {
        this.dir = dir;
        this.sink = sink;
    }

    /** A follower that polls on a daemon thread every {@code interval} until closed. */
    public static TrainEventFollower start(Path dir, BiConsumer<String, TrainEvent> sink, Duration interval) {
        TrainEventFollower f = new TrainEventFollower(dir, sink);
        f.poller = Thread.ofPlatform().daemon().name("shoal-events-" + dir.getFileName()).start(() -> f.loop(interval));
        return f;
    }

    private void loop(Duration interval) {
        while (!stopping) {
            try {
                poll();
            } catch (RuntimeException e) {
                pollFailure = e;
                return;
            }
            LockSupport.parkNanos(this, interval.toNanos());
        }
    }

    /** Hands every complete line written since the last poll to the sink, file by file; returns how many. */
    public synchronized int poll() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        for (Path file : files()) {
            n += readNew(file);
        }
        return n;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jsonl")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the events directory " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    private int readNew(Path file) {
        long offset = offsets.getOrDefault(file, 0L);
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return 0;
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                // read until the size seen above
            }
            bytes = buf.array();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the events file " + file + ": " + e.getMessage(), e);
        }
        int end = lastNewline(bytes);
        if (end < 0) {
            return 0;
        }
        offsets.put(file, offset + end + 1);
        String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        int n = 0;
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            int number = lineNumbers.merge(file, 1, Integer::sum);
            if (!line.isBlank()) {
                sink.accept(name, parse(line, file, number));
                n++;
            }
        }
        return n;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** One line of an events file as an event. */
    public static TrainEvent parse(String line, Path file, int lineNumber) {
        try {
            return Json.MAPPER.readValue(line, TrainEvent.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not a training event: " + why, e);
        }
    }

    /** Stops polling and reads what is left; rethrows what stopped the polling thread, if anything did. */
    @Override
    public void close() {
        stopping = true;
        if (poller != null) {
            LockSupport.unpark(poller);
            try {
                poller.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pollFailure != null) {
            throw pollFailure;
        }
        poll();
    }
}
