package dev.shoal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the worker-API example as it is compiled, so the README's copy compiles too. */
class ReadmeExampleTest {

    @Test
    void readmeQuotesTheCompiledExampleVerbatim() throws IOException {
        // surefire runs in the module's folder; the README and examples/ are at the repository's root
        Path root = Path.of("").toAbsolutePath().getParent();
        String example = Files.readString(root.resolve("examples/java/dev/shoal/examples/WorkerApiExample.java"));
        String readme = Files.readString(root.resolve("README.md"));

        assertThat(readme).contains("```java\n" + example + "```");
    }
}
