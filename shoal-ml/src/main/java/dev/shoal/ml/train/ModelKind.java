package dev.shoal.ml.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The models Shoal trains, by the names job files and flags use.
 *
 * <pre>{@code
 * ModelKind kind = ModelKind.parse("sparse-lr");
 * }</pre>
 */
public enum ModelKind {
    /** A multilayer perceptron on dense tables, for Fashion-MNIST (IDX files). */
    MLP("mlp"),
    /** Logistic regression on hashed sparse features, for the SpamAssassin corpus. */
    SPARSE_LR("sparse-lr");

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ModelKind parse(String text) {
        for (ModelKind k : values()) {
            if (k.id.equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + text + "'; expected one of "
                + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
    }
}
