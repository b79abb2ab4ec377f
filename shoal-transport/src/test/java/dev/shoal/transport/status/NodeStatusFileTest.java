package dev.shoal.transport.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shoal.transport.status.NodeStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeStatusFileTest {
    @TempDir
    Path dir;

    @Test
    void everyChangeIsWrittenWholeAndReadBack() throws IOException {
        Path file = dir.resolve("server-0.status.json");
        assertThat(NodeStatusFile.read(file)).isEmpty();

        NodeStatusFile status = NodeStatusFile.open(file, "server");
        NodeStatus starting = NodeStatusFile.read(file).orElseThrow();
        assertThat(starting.state()).isEqualTo(State.STARTING);
        assertThat(starting.pid()).isEqualTo(ProcessHandle.current().pid());

        status.update(s -> s.ready("127.0.0.1:7101", "http://127.0.0.1:9101/metrics").withNodeId(1));
        NodeStatus ready = NodeStatusFile.read(file).orElseThrow();
        assertThat(ready).isEqualTo(status.current());
        assertThat(ready.port()).isEqualTo(7101);
        assertThat(Files.readString(file)).contains("\"state\":\"ready\"").doesNotContain("error");
        // the temporary file is renamed, not left beside it
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");

        status.update(s -> s.failed("lost the coordinator"));
        assertThat(NodeStatusFile.read(file).orElseThrow())
                .extracting(NodeStatus::state, NodeStatus::error, NodeStatus::address)
                .containsExactly(State.FAILED, "lost the coordinator", "127.0.0.1:7101");
    }

    @Test
    void doneCarriesAResultTree() {
        Path file = dir.resolve("w.status.json");
        NodeStatusFile.open(file, "bench-worker").update(s -> s.done(NodeStatusFile.parseTree("{\"ops\":12}")));
        NodeStatus done = NodeStatusFile.read(file).orElseThrow();
        assertThat(done.state().terminal()).isTrue();
        assertThat(done.result().get("ops").asLong()).isEqualTo(12);
    }

    @Test
    void withoutAPathNothingIsWritten() {
        NodeStatusFile status = NodeStatusFile.open(null, "worker");
        assertThat(status.update(s -> s.ready(null, null)).state()).isEqualTo(State.READY);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileThatIsNoStatusIsNamedInTheError() throws IOException {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"state\":\"sleeping\"}");
        assertThatThrownBy(() -> NodeStatusFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not a node status: ");
    }
}
