package dev.shoal.ml.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped.
 *
 * <pre>{@code
 * IdxImages images = IdxReader.readImages(Path.of("t10k-images-idx3-ubyte.gz"));
 * int[] labels = IdxReader.readLabels(Path.of("t10k-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * <p>Layout: two zero bytes, a type byte (only {@code 0x08}, unsigned byte, is supported), the number of
 * dimensions, then each dimension as a big-endian 32-bit count, then the data. Images are
 * {@code 0x00000803} ({@code [n, rows, cols]}), labels {@code 0x00000801} ({@code [n]}).
 *
 * <p>Gzip is recognized by its magic bytes {@code 1f 8b}, not by the file name, because the data sets are
 * distributed both ways under both kinds of names. A corrupt file is refused with an {@link IOException} naming
 * the file and the byte offset where it went wrong; offsets count bytes of the decompressed IDX content.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int CHUNK = 1 << 20;

    private IdxReader() {
    }

    /** Reads an image file ({@code 0x00000803}: {@code [n, rows, cols]} unsigned bytes). */
    public static IdxImages readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int[] dims = header(file, in, 3);
            byte[] pixels = body(file, in, dims);
            return new IdxImages(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Reads a label file ({@code 0x00000801}: {@code [n]} unsigned bytes) as values 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int[] dims = header(file, in, 1);
            byte[] raw = body(file, in, dims);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** Checks the magic number and returns the dimensions. */
    private static int[] header(Path file, InputStream in, int expectedDims) throws IOException {
        byte[] magic = readHeaderBytes(file, in, 0, 4);
        if (magic[0] != 0 || magic[1] != 0) {
            throw refused(file, 0, String.format("bad magic %02x %02x %02x %02x (an IDX file starts with 00 00)",
                    magic[0], magic[1], magic[2], magic[3]));
        }
        if ((magic[2] & 0xff) != UNSIGNED_BYTE) {
            throw refused(file, 2, String.format("unsupported data type 0x%02x (only 0x08, unsigned byte, is read)",
                    magic[2] & 0xff));
        }
        if (magic[3] != expectedDims) {
            throw refused(file, 3, "has " + (magic[3] & 0xff) + " dimensions, expected " + expectedDims
                    + String.format(" (magic 0x%08x)", 0x800 | expectedDims));
        }
        byte[] raw = readHeaderBytes(file, in, 4, 4 * expectedDims);
        int[] dims = new int[expectedDims];
        for (int d = 0; d < expectedDims; d++) {
            long v = ((raw[4 * d] & 0xffL) << 24) | ((raw[4 * d + 1] & 0xff) << 16)
                    | ((raw[4 * d + 2] & 0xff) << 8) | (raw[4 * d + 3] & 0xff);
            if (v > Integer.MAX_VALUE) {
                throw refused(file, 4 + 4L * d, "dimension " + d + " is " + v + ", too large");
            }
            dims[d] = (int) v;
        }
        return dims;
    }

    private static byte[] readHeaderBytes(Path file, InputStream in, long offset, int n) throws IOException {
        byte[] b = readFully(file, in, offset, n);
        if (b.length < n) {
            throw refused(file, offset + b.length, "truncated header (expected " + (offset + n)
                    + " bytes of header, found " + (offset + b.length) + ")");
        }
        return b;
    }

    /** Reads exactly the data the dimensions promise and checks nothing follows it. */
    private static byte[] body(Path file, InputStream in, int[] dims) throws IOException {
        long headerBytes = 4 + 4L * dims.length;
        long size = 1;
        StringBuilder shape = new StringBuilder();
        for (int d : dims) {
            size *= d;
            shape.append(shape.isEmpty() ? "" : "x").append(d);
            if (size > Integer.MAX_VALUE - 8) {
                throw refused(file, 4, "dimensions " + Arrays.toString(dims) + " need more than 2 GiB");
            }
        }
        byte[] data = readFully(file, in, headerBytes, (int) size);
        if (data.length < size) {
            throw refused(file, headerBytes + data.length, "truncated (expected " + (headerBytes + size)
                    + " bytes: " + headerBytes + " of header and " + shape + " of data; found "
                    + (headerBytes + data.length) + ")");
        }
        long extra = skipAll(file, in, headerBytes + size);
        if (extra > 0) {
            throw refused(file, headerBytes + size, extra + " bytes after the end of the " + shape
                    + " data (dimensions do not match the file length)");
        }
        return data;
    }

    /**
     * Reads up to {@code n} bytes, growing the buffer as data arrives so that a header promising gigabytes in
     * a small corrupt file fails on the truncation, not with an OutOfMemoryError.
     */
    private static byte[] readFully(Path file, InputStream in, long offset, int n) throws IOException {
        byte[] buf = new byte[Math.min(n, CHUNK)];
        int got = 0;
        while (got < n) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = read(file, in, offset + got, buf, got, buf.length - got);
            if (r < 0) {
                return Arrays.copyOf(buf, got);
            }
            got += r;
        }
        return buf;
    }

    private static long skipAll(Path file, InputStream in, long offset) throws IOException {
        byte[] scratch = new byte[8192];
        long extra = 0;
        int r;
        while ((r = read(file, in, offset + extra, scratch, 0, scratch.length)) > 0) {
            extra += r;
        }
        return extra;
    }

    private static int read(Path file, InputStream in, long offset, byte[] b, int off, int len)
            throws IOException {
        try {
            return in.read(b, off, len);
        } catch (java.io.EOFException e) {
            // GZIPInputStream reports a cut-off compressed stream as an early end
            throw refused(file, offset, "gzip stream ends early (" + e.getMessage() + ")");
        } catch (java.util.zip.ZipException e) {
            throw refused(file, offset, "corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    private static IOException refused(Path file, long offset, String what) {
        return new IOException(file + ": at byte " + offset + ": " + what);
    }
}
