package dev.shoal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeFailureTest {

    @Test
    void describesNodeCodeLogAndLastLines() {
        NodeFailure f = new NodeFailure("server-0", 1, Path.of("/tmp/x/server-0.log"), List.of("a", "b"));

        assertThat(f.describe()).isEqualTo(String.join(System.lineSeparator(),
                "server-0 exited with code 1; last lines of /tmp/x/server-0.log:", "  | a", "  | b"));
    }

    @Test
    void saysWhenTheNodePrintedNothing() {
        NodeFailure f = new NodeFailure("worker-3", 137, Path.of("w.log"), List.of());

        assertThat(f.describe()).isEqualTo("worker-3 exited with code 137 without printing anything; log: w.log");
    }

    @Test
    void putsTheNodesOwnErrorLineFirst() {
        NodeFailure f = new NodeFailure("worker-1", 2, Path.of("w.log"), List.of("a"), "no data in /tmp/d");

        assertThat(f.describe()).startsWith("worker-1 exited with code 2: no data in /tmp/d; last lines of w.log:");
    }

    @Test
    void prefixesLinesWithTheNodeName() {
        assertThat(NodeOutput.prefix("server-0", "hello")).isEqualTo("[server-0] hello");
    }
}
