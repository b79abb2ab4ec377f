package dev.shoal.protocol.table;

/**
 * Dense (fixed-shape float tensor) or sparse ({@code long} key to a row of floats). Ids are wire values.
 *
 * <pre>{@code
 * if (spec.kind() == TableKind.SPARSE) { ... }
 * }</pre>
 */
public enum TableKind {
    DENSE(0), SPARSE(1);

    public final int id;

    TableKind(int id) {
        this.id = id;
    }

    public static TableKind ofId(int id) {
        for (TableKind k : values()) {
            if (k.id == id) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown table kind id " + id);
    }
}
