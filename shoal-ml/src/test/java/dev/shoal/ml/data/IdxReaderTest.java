package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static final int N = 3;
    private static final int SIDE = 28;
    private static final int DATA = N * SIDE * SIDE;

    @TempDir
    Path dir;

    @Test
    void readsPlainImagesAndLabels() throws IOException {
        IdxImages images = IdxReader.readImages(write("images.idx", images()));
        assertThat(images.count()).isEqualTo(N);
        assertThat(images.rows()).isEqualTo(SIDE);
        assertThat(images.cols()).isEqualTo(SIDE);
        assertThat(images.pixels()).isEqualTo(Arrays.copyOfRange(images(), 16, 16 + DATA));
        assertThat(IdxReader.readLabels(write("labels.idx", labels()))).containsExactly(7, 0, 255);
    }

    @Test
    void readsGzipDetectedByMagicNotByName() throws IOException {
        // a gzipped file without .gz, and a plain one with it: the name must not matter
        IdxImages images = IdxReader.readImages(write("images.idx", gzip(images())));
        IdxImages plain = IdxReader.readImages(write("plain.gz", images()));
        assertThat(images.pixels()).isEqualTo(plain.pixels());
        assertThat(IdxReader.readLabels(write("labels.bin", gzip(labels())))).containsExactly(7, 0, 255);
    }

    @Test
    void scalesPixelsToUnitInterval() throws IOException {
        IdxImages images = IdxReader.readImages(write("images.idx", images()));
        float[] x = images.toUnitFloats();
        assertThat(x).hasSize(DATA);
        int at = 2 * 784 + 5 * 28 + 9;
        assertThat(x[at]).isEqualTo((images.pixels()[at] & 0xff) / 255f);
        assertThat(images.pixel(2, 5, 9)).isEqualTo(x[at]);
        assertThat(images.pixel(0, 0, 0)).isEqualTo(0f);
        assertThat(images.pixel(0, 9, 3)).isEqualTo(1f);   // pixel 255: 9*28+3 = 255
    }

    @Test
    void refusesBadMagic() throws IOException {
        byte[] b = images();
        b[0] = 0x50;
        assertRefused("bad.idx", b, "at byte 0", "bad magic 50 00 08 03");
    }

    @Test
    void refusesUnsupportedType() throws IOException {
        byte[] b = images();
        b[2] = 0x0d;
        assertRefused("floats.idx", b, "at byte 2", "unsupported data type 0x0d");
    }

    @Test
    void refusesLabelsReadAsImages() throws IOException {
        Path p = write("labels.idx", labels());
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(IOException.class)
                .hasMessageContaining("labels.idx").hasMessageContaining("at byte 3")
                .hasMessageContaining("has 1 dimensions, expected 3");
    }

    @Test
    void refusesTruncatedHeader() throws IOException {
        assertRefused("short.idx", Arrays.copyOf(images(), 10), "at byte 10", "truncated header");
    }

    @Test
    void refusesTruncatedData() throws IOException {
        byte[] cut = Arrays.copyOf(images(), 16 + DATA - 100);
        String expected = "at byte " + (16 + DATA - 100) + ": truncated (expected " + (16 + DATA) + " bytes";
        assertRefused("cut.idx", cut, expected, "3x28x28");
        assertRefused("cut-gz.idx", gzip(cut), expected, "3x28x28");
    }

    @Test
    void refusesDataLongerThanDimensions() throws IOException {
        byte[] longer = Arrays.copyOf(images(), 16 + DATA + 5);
        assertRefused("long.idx", longer, "at byte " + (16 + DATA), "5 bytes after the end");
        assertRefused("long-gz.idx", gzip(longer), "at byte " + (16 + DATA), "5 bytes after the end");
    }

    @Test
    void refusesHugeDimensionsWithoutAllocatingThem() throws IOException {
        byte[] b = images();
        ByteBuffer.wrap(b).putInt(4, 1_000_000);   // promises 784 MB in a 2 KB file
        assertRefused("huge.idx", b, "at byte " + (16 + DATA), "truncated");
        ByteBuffer.wrap(b).putInt(4, 0x7fffffff);
        assertRefused("huger.idx", b, "at byte 4", "more than 2 GiB");
        ByteBuffer.wrap(b).putInt(4, 0x80000000);
        assertRefused("negative.idx", b, "at byte 4", "too large");
    }

    @Test
    void refusesCutGzipStream() throws IOException {
        byte[] gz = gzip(images());
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(IOException.class)
                .hasMessageContaining("cut.gz").hasMessageContaining("at byte");
    }

    private void assertRefused(String name, byte[] content, String... parts) throws IOException {
        Path p = write(name, content);
        var thrown = assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(p + ": ");
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    /** Three 28x28 images whose pixel k of image i is (k + 40*i) mod 256. */
    private static byte[] images() {
        ByteBuffer b = ByteBuffer.allocate(16 + DATA).putInt(0x00000803).putInt(N).putInt(SIDE).putInt(SIDE);
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < SIDE * SIDE; k++) {
                b.put((byte) (k + 40 * i));
            }
        }
        return b.array();
    }

    private static byte[] labels() {
        return ByteBuffer.allocate(8 + 3).putInt(0x00000801).putInt(3).put((byte) 7).put((byte) 0)
                .put((byte) 255).array();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
