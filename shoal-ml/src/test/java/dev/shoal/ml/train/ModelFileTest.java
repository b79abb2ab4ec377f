package dev.shoal.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @Test
    void arraysReadBackExactly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.bin");
        float[] a = {1f, -2.5f, Float.MIN_VALUE, 3e30f};
        float[] b = {};
        ModelFile.write(file, "mlp", a, b);
        ModelFile.Contents c = ModelFile.read(file);
        assertThat(c.kind()).isEqualTo("mlp");
        assertThat(c.arrays()).hasNumberOfRows(2);
        assertThat(c.arrays()[0]).containsExactly(a);
        assertThat(c.arrays()[1]).isEmpty();
        assertThat(dir.resolve("model.bin.tmp")).doesNotExist();
    }

    @Test
    void foreignAndTruncatedFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        Path foreign = Files.write(dir.resolve("x.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> ModelFile.read(foreign)).hasMessageContaining("x.bin: not a Shoal model file");
        Path file = dir.resolve("m.bin");
        ModelFile.write(file, "sparse-lr", new float[100]);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThatThrownBy(() -> ModelFile.read(cut)).hasMessageContaining("cut.bin: truncated");
    }
}
