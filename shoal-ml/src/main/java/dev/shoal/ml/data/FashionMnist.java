package dev.shoal.ml.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and reads the four IDX files of Fashion-MNIST (or MNIST) in one directory.
 *
 * <pre>{@code
 * FashionMnist.Split train = FashionMnist.train(Path.of("/usr/share/datasets/fashion-mnist"));
 * float[] x = train.images().toUnitFloats();   // 60,000 x 784 pixels in [0, 1]
 * int[] y = train.labels();
 * }</pre>
 *
 * <p>Each file may be gzipped ({@code .gz}, as Debian ships them) or not; the gzipped name is tried first.
 * A missing file is refused with the names looked for and the command that installs the data set.
 */
public final class FashionMnist {

    /** Images and their labels, the same count of each. */
    public record Split(IdxImages images, int[] labels) {
        public Split {
            if (images.count() != labels.length) {
                throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
            }
        }
    }

    private FashionMnist() {
    }

    /** The 60,000 training images. */
    public static Split train(Path dir) throws IOException {
        return read(dir, "train");
    }

    /** The 10,000 test images. */
    public static Split test(Path dir) throws IOException {
        return read(dir, "t10k");
    }

    /** Whether {@code dir} holds the four files. */
    public static boolean isPresent(Path dir) {
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.isRegularFile(dir.resolve(name + ".gz")) && !Files.isRegularFile(dir.resolve(name))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fails, with the message reading would give, unless {@code dir} holds the four files: lets a launcher check
     * the data before it starts any process.
     */
    public static void requirePresent(Path dir) throws IOException {
        for (String prefix : new String[] {"train", "t10k"}) {
            locate(dir, prefix + "-images-idx3-ubyte");
            locate(dir, prefix + "-labels-idx1-ubyte");
        }
    }

    private static Split read(Path dir, String prefix) throws IOException {
        IdxImages images = IdxReader.readImages(locate(dir, prefix + "-images-idx3-ubyte"));
        int[] labels = IdxReader.readLabels(locate(dir, prefix + "-labels-idx1-ubyte"));
        try {
            return new Split(images, labels);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + prefix + " files disagree: " + e.getMessage());
        }
    }

    private static Path locate(Path dir, String name) throws IOException {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new IOException("no " + gz + " nor " + plain + ": install the data set with "
                + "'apt-get install dataset-fashion-mnist' (or scripts/install-data.sh)");
    }
}
