package dev.shoal.protocol.table;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What a worker asks for when it creates a table: name, shape, initializer, optimizer and options.
 *
 * <pre>{@code
 * TableSpec w = TableSpec.dense("fc1.weight", 784, 256)
 *         .initializer(InitializerSpec.normal(0f, 0.05f, 7))
 *         .optimizer(OptimizerSpec.sgd(0.1f));
 * TableSpec emb = TableSpec.sparse("ctr.embedding", 16).optimizer(OptimizerSpec.ftrl(0.1f, 1f, 1f, 0f));
 * }</pre>
 *
 * <p>A dense table is a fixed float vector or matrix, stored flat in row-major order. A sparse table maps any
 * {@code long} key to a row of {@code dim} floats, created on first touch with the initializer.
 *
 * @param name             unique table name: letters, digits, {@code . _ - /}, at most 200 characters
 * @param kind             dense or sparse
 * @param shape            dense: the dimensions (product = element count); sparse: {@code {dim}}
 * @param initializer      how values start
 * @param optimizer        the server-side update rule
 * @param consistency      overrides the job's rule for this table, or null to inherit it
 * @param allowNonFinite   accept NaN/Inf in pushed gradients (refused by default)
 * @param maxSliceBytes    dense only: largest slice a server holds (0 = the default, 4 MiB)
 */
public record TableSpec(String name, TableKind kind, int[] shape, InitializerSpec initializer,
                        OptimizerSpec optimizer, Consistency consistency, boolean allowNonFinite,
                        int maxSliceBytes) {

    /** Default upper bound of a dense slice. */
    public static final int DEFAULT_MAX_SLICE_BYTES = 4 << 20;
    /** Longest table name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Largest number of floats in a sparse row. */
    public static final int MAX_SPARSE_DIM = 1 << 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/\\-]+");

    public TableSpec {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table name must be 1.." + MAX_NAME_LENGTH
                    + " characters of [A-Za-z0-9._/-], got '" + name + "'");
        }
        if (kind == null || shape == null || shape.length == 0) {
            throw new IllegalArgumentException("table '" + name + "' needs a kind and a shape");
        }
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("table '" + name + "' has a non-positive dimension in shape "
                        + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE * 64L) {
                throw new IllegalArgumentException("table '" + name + "' is too large: " + Arrays.toString(shape));
            }
        }
        if (kind == TableKind.SPARSE && (shape.length != 1 || shape[0] > MAX_SPARSE_DIM)) {
            throw new IllegalArgumentException("sparse table '" + name + "' needs shape {dim} with dim <= "
                    + MAX_SPARSE_DIM + ", got " + Arrays.toString(shape));
        }
        if (initializer == null) {
            initializer = InitializerSpec.zeros();
        }
        if (optimizer == null) {
            optimizer = OptimizerSpec.sgd(0.01f);
        }
        if (maxSliceBytes == 0) {
            maxSliceBytes = DEFAULT_MAX_SLICE_BYTES;
        }
        if (maxSliceBytes < 4 || maxSliceBytes % 4 != 0) {
            throw new IllegalArgumentException("table '" + name + "': maxSliceBytes must be a positive multiple of 4"
                    + " (0 for the default), got " + maxSliceBytes);
        }
    }

    /** A dense table of the given shape, zeros and SGD(0.01) until changed. */
    public static TableSpec dense(String name, int... shape) {
        return new TableSpec(name, TableKind.DENSE, shape, null, null, null, false, 0);
    }

    /** A sparse table whose rows hold {@code dim} floats. */
    public static TableSpec sparse(String name, int dim) {
        return new TableSpec(name, TableKind.SPARSE, new int[] {dim}, null, null, null, false, 0);
    }

    public TableSpec initializer(InitializerSpec init) {
        return new TableSpec(name, kind, shape, init, optimizer, consistency, allowNonFinite, maxSliceBytes);
    }

    public TableSpec optimizer(OptimizerSpec opt) {
        return new TableSpec(name, kind, shape, initializer, opt, consistency, allowNonFinite, maxSliceBytes);
    }

    public TableSpec consistency(Consistency c) {
        return new TableSpec(name, kind, shape, initializer, optimizer, c, allowNonFinite, maxSliceBytes);
    }

    public TableSpec allowNonFinite(boolean allow) {
        return new TableSpec(name, kind, shape, initializer, optimizer, consistency, allow, maxSliceBytes);
    }

    public TableSpec maxSliceBytes(int bytes) {
        return new TableSpec(name, kind, shape, initializer, optimizer, consistency, allowNonFinite, bytes);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Dense: number of floats in the table. Sparse: floats per row. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Floats per sparse row (sparse tables only). */
    public int dim() {
        return shape[0];
    }

    public boolean isDense() {
        return kind == TableKind.DENSE;
    }

    /** A readable shape such as {@code [784, 256]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableSpec t && name.equals(t.name) && kind == t.kind && Arrays.equals(shape, t.shape)
                && initializer.equals(t.initializer) && optimizer.equals(t.optimizer)
                && java.util.Objects.equals(consistency, t.consistency) && allowNonFinite == t.allowNonFinite
                && maxSliceBytes == t.maxSliceBytes;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " table '" + name + "' " + shapeText();
    }
}
