package dev.shoal.transport.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.transport.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The file through which a node process tells whoever started it how it is doing (one {@link NodeStatus} as
 * JSON), rewritten whole at every change: written to a temporary file beside it and renamed over it, so a reader
 * sees the previous status or the new one, never half of one.
 *
 * <pre>{@code
 * // in the node: --status-file PATH, or the SHOAL_STATUS_FILE environment variable the launcher sets
 * NodeStatusFile status = NodeStatusFile.open(path, "server");    // state "starting"; a null path writes nothing
 * status.update(s -> s.ready("127.0.0.1:7101", null).withNodeId(1));
 * status.update(s -> s.failed("could not reach the coordinator at 127.0.0.1:7100"));
 *
 * // in the launcher
 * Optional<NodeStatus> now = NodeStatusFile.read(path);            // empty until the node first wrote it
 * }</pre>
 *
 * <p>Logs stay for people ("listening on ..."); programs read this file, whose fields do not move when a log
 * pattern changes.
 */
public final class NodeStatusFile {
    /** The environment variable through which a launcher gives a node its status file. */
    public static final String ENV = "SHOAL_STATUS_FILE";

    private final Path path;
    private NodeStatus current;

    private NodeStatusFile(Path path, NodeStatus initial) {
        this.path = path;
        this.current = initial;
    }

    /** Starts reporting: writes {@code starting} for {@code role} and this process; a null path reports nothing. */
    public static NodeStatusFile open(Path path, String role) {
        NodeStatusFile f = new NodeStatusFile(path, NodeStatus.starting(role, ProcessHandle.current().pid()));
        f.write();
        return f;
    }

    /** Applies {@code change} to the current status and writes the result; returns it. */
    public synchronized NodeStatus update(UnaryOperator<NodeStatus> change) {
        current = change.apply(current);
        write();
        return current;
    }

    public synchronized NodeStatus current() {
        return current;
    }

    /** Where this node writes, or null when nobody asked for a status file. */
    public Path path() {
        return path;
    }

    private void write() {
        if (path == null) {
            return;
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.bytes(current));
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "its directory does not exist" : e.toString();
            throw new UncheckedIOException("could not write the node status file " + path + ": " + why, e);
        }
    }

    /**
     * The status last written to {@code path}, empty if the node has not written one yet.
     *
     * @throws IllegalArgumentException naming the file if it holds something other than a node status
     */
    public static Optional<NodeStatus> read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the node status file " + path + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(Json.MAPPER.readValue(bytes, NodeStatus.class));
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(path + " is not a node status: " + why, e);
        }
    }

    /** {@code value} as a JSON tree, for {@link NodeStatus#done}; fails if Jackson cannot serialize it. */
    public static JsonNode tree(Object value) {
        return Json.MAPPER.valueToTree(value);
    }

    /** Parses {@code json} into a tree, for results that already have their own JSON form. */
    public static JsonNode parseTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
