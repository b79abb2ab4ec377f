package dev.shoal.ml.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model's parameters on disk: what the servers held at the end of a run.
 *
 * <pre>{@code
 * ModelFile.write(Path.of("runs/x/model.bin"), "mlp", params);
 * ModelFile.Contents m = ModelFile.read(Path.of("runs/x/model.bin"));   // m.kind() "mlp", m.arrays()
 * }</pre>
 *
 * <p>Layout, big-endian: the magic {@code SHOALMDL}, a version int (1), the model kind as a UTF string, the
 * number of arrays, then each array as its length and its floats. Written to a temporary file and moved into
 * place, so a reader never sees half a model.
 */
public final class ModelFile {
    private static final long MAGIC = 0x5348_4F41_4C4D_444CL;   // "SHOALMDL"
    private static final int VERSION = 1;

    /**
     * A model read back.
     *
     * @param kind   what wrote it, e.g. {@code mlp} or {@code sparse-lr}
     * @param arrays the parameter arrays in the order written
     */
    public record Contents(String kind, float[][] arrays) {
    }

    private ModelFile() {
    }

    public static void write(Path file, String kind, float[]... arrays) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                1 << 16))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            out.writeInt(arrays.length);
            for (float[] a : arrays) {
                out.writeInt(a.length);
                for (float v : a) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Contents read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + ": not a Shoal model file (bad magic at offset 0)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": model file version " + version + ", expected " + VERSION);
            }
            String kind = in.readUTF();
            long limit = Files.size(file) / 4;
            float[][] arrays = new float[count(file, in, limit)][];
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = new float[count(file, in, limit)];
                for (int j = 0; j < arrays[i].length; j++) {
                    arrays[i][j] = in.readFloat();
                }
            }
            return new Contents(kind, arrays);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated model file", e);
        }
    }

    /** A count in the file, refused when negative or larger than the file could hold. */
    private static int count(Path file, DataInputStream in, long limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IOException(file + ": corrupt model file (count " + n + ")");
        }
        return n;
    }
}
