package dev.shoal.ml.train;

import java.nio.file.Path;

/**
 * Where {@code scripts/install-data.sh} puts the data sets.
 *
 * <pre>{@code
 * Path fashion = DataPaths.fashionMnist();   // /usr/share/datasets/fashion-mnist
 * Path spam = DataPaths.spamAssassin();      // $SHOAL_DATA/spam-assassin, default ~/.cache/shoal/data/spam-assassin
 * }</pre>
 */
public final class DataPaths {

    private DataPaths() {
    }

    /** Where Debian's {@code dataset-fashion-mnist} package installs the gzipped IDX files. */
    public static Path fashionMnist() {
        return Path.of("/usr/share/datasets/fashion-mnist");
    }

    /** Where {@code scripts/install-spam-assassin.sh} unpacks the corpus. */
    public static Path spamAssassin() {
        return dataRoot().resolve("spam-assassin");
    }

    /** {@code $SHOAL_DATA}, else {@code ~/.cache/shoal/data}. */
    public static Path dataRoot() {
        String env = System.getenv("SHOAL_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "shoal", "data");
    }
}
