package dev.shoal.ml.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A stand-in for Fashion-MNIST when it cannot be installed: 28x28 images of ten classes, written as the same
 * four gzipped IDX files, so everything downstream runs unchanged. It is <em>not</em> Fashion-MNIST, and
 * whoever uses it must say so.
 *
 * <pre>{@code
 * Path dir = SyntheticImages.write(Path.of("runs/synthetic-images"), 20_000, 5_000, 42);
 * FashionMnist.Split train = FashionMnist.train(dir);
 * }</pre>
 *
 * <p>Each class has a random prototype (blobs of ink on a blank background, like a garment's silhouette); a
 * sample is its class's prototype, shifted by up to two pixels, with noise on every inked pixel. Nearby classes
 * share blobs, so the task is learnable but not trivial.
 */
public final class SyntheticImages {
    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    private SyntheticImages() {
    }

    /** Writes {@code train} training and {@code test} test images into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] prototypes = prototypes(rnd);
        writeSplit(dir, "train", train, prototypes, rnd.split());
        writeSplit(dir, "t10k", test, prototypes, rnd.split());
        return dir;
    }

    private static float[][] prototypes(SplittableRandom rnd) {
        float[][] blobs = new float[CLASSES + 3][SIDE * SIDE];
        for (float[] blob : blobs) {
            int cx = 6 + rnd.nextInt(16);
            int cy = 6 + rnd.nextInt(16);
            int r = 3 + rnd.nextInt(5);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int dx = x - cx;
                    int dy = y - cy;
                    blob[y * SIDE + x] = dx * dx + dy * dy <= r * r ? 0.9f : 0f;
                }
            }
        }
        float[][] prototypes = new float[CLASSES][SIDE * SIDE];
        for (int c = 0; c < CLASSES; c++) {
            for (int b = c; b < c + 3; b++) {   // class c draws blobs c, c+1 and c+2: neighbours overlap
                for (int i = 0; i < SIDE * SIDE; i++) {
                    prototypes[c][i] = Math.max(prototypes[c][i], blobs[b][i]);
                }
            }
        }
        return prototypes;
    }

    private static void writeSplit(Path dir, String prefix, int count, float[][] prototypes, SplittableRandom rnd)
            throws IOException {
        byte[] pixels = new byte[count * SIDE * SIDE];
        byte[] labels = new byte[count];
        for (int s = 0; s < count; s++) {
            int c = rnd.nextInt(CLASSES);
            labels[s] = (byte) c;
            int sx = rnd.nextInt(5) - 2;
            int sy = rnd.nextInt(5) - 2;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int px = Math.floorMod(x - sx, SIDE);
                    int py = Math.floorMod(y - sy, SIDE);
                    float ink = prototypes[c][py * SIDE + px];
                    float v = ink > 0 ? ink * (0.5f + (float) rnd.nextDouble()) : 0f;
                    pixels[s * SIDE * SIDE + y * SIDE + x] = (byte) Math.min(255, Math.round(v * 200));
                }
            }
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), pixels, count, SIDE, SIDE);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels, count);
    }

    private static void writeIdx(Path file, byte[] data, int... dims) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw,
                        1 << 16), 1 << 16))) {
            out.writeShort(0);
            out.writeByte(0x08);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }
}
