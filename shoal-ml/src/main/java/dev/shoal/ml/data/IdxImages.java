package dev.shoal.ml.data;

/**
 * Images read from an IDX file: {@code count} images of {@code rows x cols} unsigned bytes, image after image,
 * row after row, in one array.
 *
 * <pre>{@code
 * IdxImages train = IdxReader.readImages(Path.of("train-images-idx3-ubyte.gz"));
 * float[] x = train.toUnitFloats();          // count * rows * cols values in [0, 1]
 * float p = train.pixel(0, 14, 14);          // one pixel, also in [0, 1]
 * }</pre>
 *
 * <p>Kept as bytes because that is a quarter of the memory of floats; {@link #toUnitFloats()} converts once
 * when a model wants floats.
 *
 * @param count  number of images
 * @param rows   rows per image
 * @param cols   columns per image
 * @param pixels {@code count * rows * cols} unsigned bytes (not copied: treat as read-only)
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + "x" + rows + "x" + cols + " images need "
                    + (long) count * rows * cols + " bytes, got " + pixels.length);
        }
    }

    /** Pixels per image. */
    public int imageSize() {
        return rows * cols;
    }

    /** One pixel scaled to [0, 1]. */
    public float pixel(int image, int row, int col) {
        return (pixels[image * imageSize() + row * cols + col] & 0xff) / 255f;
    }

    /** Every pixel scaled to [0, 1], in the same order as {@link #pixels()}. */
    public float[] toUnitFloats() {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[i] & 0xff) / 255f;
        }
        return out;
    }
}
