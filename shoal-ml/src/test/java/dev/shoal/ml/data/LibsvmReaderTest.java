package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBinaryLabelsCommentsBlankLinesAndTrailingSpaces() throws IOException {
        SparseDataset d = read("a.txt", """
                # a comment line
                +1 1:0.5 3:2\t10:-1.5e-1   \s
                
                -1 2:1 # trailing comment 5:7
                   \t
                0
                1 4:3\r
                """);
        assertThat(d.rows()).isEqualTo(4);
        assertThat(d.labels()).containsExactly(1f, -1f, 0f, 1f);
        assertThat(d.rowStarts()).containsExactly(0, 3, 4, 4, 5);
        assertThat(d.indices()).containsExactly(0, 2, 9, 1, 3);
        assertThat(d.values()).containsExactly(0.5f, 2f, -0.15f, 1f, 3f);
        assertThat(d.dimension()).isEqualTo(10);
        assertThat(d.nonZeros()).isEqualTo(5);
        assertThat(d.rowStart(1)).isEqualTo(3);
        assertThat(d.rowEnd(1)).isEqualTo(4);
    }

    @Test
    void readsMulticlassLabels() throws IOException {
        SparseDataset d = read("multi.txt", "3 1:1\n0 2:1\n9 7:0.25\n");
        assertThat(d.labels()).containsExactly(3f, 0f, 9f);
        assertThat(d.dimension()).isEqualTo(7);
    }

    @Test
    void readsEmptyFile() throws IOException {
        SparseDataset d = read("empty.txt", "# nothing\n\n");
        assertThat(d.rows()).isZero();
        assertThat(d.dimension()).isZero();
    }

    @Test
    void growsPastInitialCapacity() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 3000; r++) {
            sb.append(r % 2 == 0 ? "+1" : "-1");
            for (int k = 1; k <= 5; k++) {
                sb.append(' ').append(r + k).append(':').append(k);
            }
            sb.append('\n');
        }
        SparseDataset d = read("big.txt", sb.toString());
        assertThat(d.rows()).isEqualTo(3000);
        assertThat(d.nonZeros()).isEqualTo(15000);
        assertThat(d.index(d.rowStart(2999))).isEqualTo(2999);
        assertThat(d.dimension()).isEqualTo(3004);
    }

    @Test
    void refusesNonNumericValue() throws IOException {
        assertRefused("+1 1:0.5\n-1 2:abc\n", "line 2, column 6", "value 'abc' is not a finite number");
        assertRefused("1 1:NaN\n", "line 1, column 5", "value 'NaN'");
        assertRefused("1 1:1f\n", "line 1, column 5", "value '1f'");
    }

    @Test
    void refusesNonNumericLabel() throws IOException {
        assertRefused("\n\nspam 1:1\n", "line 3, column 1", "label 'spam'");
    }

    @Test
    void refusesIndexNotAscending() throws IOException {
        assertRefused("1 3:1 3:2\n", "line 1, column 7", "index 3 is not above the previous index 3");
        assertRefused("1 1:1\n1 5:1 2:1\n", "line 2, column 7", "index 2 is not above the previous index 5");
    }

    @Test
    void refusesIndexBelowOne() throws IOException {
        assertRefused("1 0:1\n", "line 1, column 3", "index 0 is below 1");
        assertRefused("1 -2:1\n", "line 1, column 3", "index -2 is below 1");
    }

    @Test
    void refusesNonIntegerIndex() throws IOException {
        assertRefused("1 x:1\n", "line 1, column 3", "index 'x' is not an integer");
    }

    @Test
    void refusesMissingColon() throws IOException {
        assertRefused("1 1:1\n# ok\n-1 1:2  4\n", "line 3, column 9", "missing ':' in '4'");
    }

    private void assertRefused(String content, String position, String what) throws IOException {
        Path p = Files.writeString(dir.resolve("bad.txt"), content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LibsvmReader.read(p)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(p + ": " + position + ": ").hasMessageContaining(what);
    }

    private SparseDataset read(String name, String content) throws IOException {
        return LibsvmReader.read(Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8));
    }
}
