package dev.shoal.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinReaderTest {

    private static final String SPAM = """
            From: "Winner" <win@example.com>
            Subject: =?iso-8859-1?Q?Gagnez_=E0_coup_s=FBr?=
            Content-Type: text/plain; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            CLICK HERE to claim your FREE prize=21 Caf=E9 cr=E8me, 100% g=
            arantie.
            """;

    @TempDir
    Path dir;

    @Test
    void labelsFromPathAndOddBytesDoNotFail() throws IOException {
        Path root = dir.resolve("corpus");
        write(root, "spam-1/00001.abc", latin1Spam());
        write(root, "easy-ham-1/00001.def", oddHam());
        write(root, "easy-ham-1/cmds", "mv 00001 00001.def\n".getBytes(StandardCharsets.US_ASCII));
        write(root, "README", "neither spam nor h a m".getBytes(StandardCharsets.US_ASCII));
        FeatureHasher hasher = new FeatureHasher(1 << 20);
        SpamAssassinReader.Corpus c = new SpamAssassinReader(hasher).read(root);

        SparseDataset all = merged(c);
        assertThat(all.rows()).isEqualTo(2);
        assertThat(all.dimension()).isEqualTo(1 << 20);
        assertThat(rowOfLabel(c, 1f)).as("spam row").contains(hasher.bucket("click"), hasher.bucket("free"),
                hasher.bucket("caf"), hasher.bucket("e9"), hasher.bucket("winner"));
        assertThat(rowOfLabel(c, 0f)).as("ham row").contains(hasher.bucket("meeting"), hasher.bucket("tuesday"),
                hasher.bucket("r"), hasher.bucket("sum"));
    }

    @Test
    void skipsTheNpmPackagesMetadataFiles() throws IOException {
        Path npm = dir.resolve("npm");
        Path plain = dir.resolve("plain");
        for (Path root : List.of(npm, plain)) {
            write(root, "spam-1/00001.7848dde1.txt", latin1Spam());
            write(root, "easy-ham-1/00001.7c53336b.txt", oddHam());
        }
        // What the package adds next to the raw messages: a JSON twin of each, an index and a loader.
        write(npm, "spam-1/00001.7848dde1.json", ("{\"id\":\"00001\",\"group\":\"spam-1\",\"text\":\"From: "
                + "\\\"Winner\\\" <win@example.com>\\nSubject: jsononlytoken\"}").getBytes(StandardCharsets.UTF_8));
        write(npm, "easy-ham-1/00001.7c53336b.JSON", "{\"text\":\"jsononlytoken\"}".getBytes(StandardCharsets.UTF_8));
        write(npm, "file_list.json", "[\"spam-1/00001.7848dde1.txt\"]".getBytes(StandardCharsets.UTF_8));
        write(npm, "spam-1/data.js", "module.exports = require('./file_list.json');".getBytes(StandardCharsets.UTF_8));
        FeatureHasher hasher = new FeatureHasher(1 << 20);

        SpamAssassinReader.Corpus fromNpm = new SpamAssassinReader(hasher).read(npm);
        SpamAssassinReader.Corpus fromPlain = new SpamAssassinReader(hasher).read(plain);

        assertThat(fromNpm.train().rows() + fromNpm.test().rows()).isEqualTo(2);
        assertSame(fromNpm.train(), fromPlain.train());
        assertSame(fromNpm.test(), fromPlain.test());
        assertThat(merged(fromNpm).indices()).doesNotContain(hasher.bucket("jsononlytoken"));
        assertThat(SpamAssassinReader.labelOf("spam-2/00001.abc.json")).isNull();
        assertThat(SpamAssassinReader.labelOf("spam-2/data.js")).isNull();
        assertThat(SpamAssassinReader.labelOf("spam-2/00001.abc.txt")).isEqualTo(1f);
        assertThat(SpamAssassinReader.labelOf("spam-2/00001.jsonl")).as("only the exact suffixes").isEqualTo(1f);
    }

    @Test
    void anEmailWithOddEncodingsGivesItsRawTokens() throws IOException {
        Path root = dir.resolve("corpus");
        write(root, "spam-2/00001.odd", oddlyEncodedEmail());
        FeatureHasher hasher = new FeatureHasher(1 << 20);
        SpamAssassinReader.Corpus c = new SpamAssassinReader(hasher).read(root);

        // Undecoded on purpose: "=E9" stays the token "e9", "soft=" + line break + "break" stay two tokens,
        // the base64 text is one token, and latin-1 letters and the NUL byte separate tokens.
        int[] expected = Stream.of("from", "iso", "8859", "1", "q", "ren", "e9", "rene", "example", "org",
                        "subject", "caf", "na", "ve", "content", "type", "multipart", "mixed", "boundary", "b1",
                        "transfer", "encoding", "quoted", "printable", "prix", "3a", "100", "80", "soft", "break",
                        "base64", "agvsbg8gd29ybgq", "nul", "byte")
                .mapToInt(hasher::bucket).distinct().sorted().toArray();
        assertThat(expected).hasSize(34);
        assertThat(rowOfLabel(c, 1f)).containsExactly(expected);
        assertThat(rowOfLabel(c, 1f)).doesNotContain(hasher.bucket("hello"), hasher.bucket("softbreak"));
    }

    @Test
    void everyRowHasUnitLength() throws IOException {
        Path root = dir.resolve("corpus");
        for (int i = 0; i < 30; i++) {
            write(root, (i % 3 == 0 ? "spam" : "hard_ham") + "/m" + i, ("message " + i + " token" + i * 7
                    + " shared words here").getBytes(StandardCharsets.US_ASCII));
        }
        SpamAssassinReader.Corpus c = new SpamAssassinReader(new FeatureHasher(1 << 12)).read(root);
        assertThat(c.train().rows() + c.test().rows()).isEqualTo(30);
        for (SparseDataset d : List.of(c.train(), c.test())) {
            for (int r = 0; r < d.rows(); r++) {
                assertThat(FeatureHasherTest.sumOfSquares(d, r)).isCloseTo(1.0, Offset.offset(1e-5));
                assertThat(d.label(r)).isIn(0f, 1f);
            }
        }
    }

    @Test
    void splitDoesNotDependOnFileOrder() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add((i % 2 == 0 ? "spam-2/" : "easy-ham-2/") + String.format("%05d.%08x", i, i * 2654435761L));
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(3));
        Collections.reverse(names);
        SpamAssassinReader.Corpus a = readTree(dir.resolve("a"), names);
        SpamAssassinReader.Corpus b = readTree(dir.resolve("b"), shuffled);
        assertSame(a.train(), b.train());
        assertSame(a.test(), b.test());
        assertThat(a.test().rows()).isPositive();
    }

    @Test
    void splitIsAboutEightyTwentyAndStable() {
        int test = 0;
        for (int i = 0; i < 1000; i++) {
            String name = "spam-2/" + String.format("%05d.%032x", i, (long) i * 0x9E3779B97F4A7C15L);
            assertThat(SpamAssassinReader.isTest(name)).isEqualTo(SpamAssassinReader.isTest(new String(name)));
            test += SpamAssassinReader.isTest(name) ? 1 : 0;
        }
        assertThat(test).isBetween(160, 240);
    }

    @Test
    void labelComesFromThePathBelowTheRoot() throws IOException {
        assertThat(SpamAssassinReader.labelOf("spam_2/00001.x")).isEqualTo(1f);
        assertThat(SpamAssassinReader.labelOf("easy_ham/00001.x")).isEqualTo(0f);
        assertThat(SpamAssassinReader.labelOf("HARD-HAM-1/0001")).isEqualTo(0f);
        assertThat(SpamAssassinReader.labelOf("spam/cmds")).isNull();
        assertThat(SpamAssassinReader.labelOf("other/0001")).isNull();
        Path root = dir.resolve("graham");   // "ham" in the root's own name must not count
        write(root, "misc/0001", "hello".getBytes(StandardCharsets.US_ASCII));
        SpamAssassinReader.Corpus c = new SpamAssassinReader(new FeatureHasher(64)).read(root);
        assertThat(c.train().rows() + c.test().rows()).isZero();
    }

    @Test
    void refusesAMissingDirectory() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> new SpamAssassinReader(new FeatureHasher(64)).read(missing))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
    }

    private SpamAssassinReader.Corpus readTree(Path root, List<String> creationOrder) throws IOException {
        for (String name : creationOrder) {
            write(root, name, ("body of " + name).getBytes(StandardCharsets.US_ASCII));
        }
        return new SpamAssassinReader(new FeatureHasher(1 << 16)).read(root);
    }

    private static void assertSame(SparseDataset x, SparseDataset y) {
        assertThat(x.labels()).containsExactly(y.labels());
        assertThat(x.rowStarts()).containsExactly(y.rowStarts());
        assertThat(x.indices()).containsExactly(y.indices());
        assertThat(x.values()).containsExactly(y.values());
    }

    private static int[] rowOfLabel(SpamAssassinReader.Corpus c, float label) {
        for (SparseDataset d : List.of(c.train(), c.test())) {
            for (int r = 0; r < d.rows(); r++) {
                if (d.label(r) == label) {
                    return java.util.Arrays.copyOfRange(d.indices(), d.rowStart(r), d.rowEnd(r));
                }
            }
        }
        throw new AssertionError("no row labelled " + label);
    }

    private static SparseDataset merged(SpamAssassinReader.Corpus c) {
        CsrBuilder b = new CsrBuilder();
        for (SparseDataset d : List.of(c.train(), c.test())) {
            for (int r = 0; r < d.rows(); r++) {
                b.startRow(d.label(r));
                for (int k = d.rowStart(r); k < d.rowEnd(r); k++) {
                    b.add(d.index(k), d.value(k));
                }
            }
        }
        return b.build(c.train().dimension());
    }

    private static byte[] latin1Spam() {
        return SPAM.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A ham message with raw latin-1, broken UTF-8, NUL and high bytes in its body. */
    private static byte[] oddHam() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("Subject: Meeting on Tuesday\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.write("R\u00e9sum\u00e9 attached: ".getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {(byte) 0xc3, (byte) 0x28, 0, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 'o', 'k'});
        out.write("\r\n\u00fcber na\u00efve \u2603 snow".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * A multipart message with an encoded-word sender, raw latin-1 in a header, a quoted-printable part with a
     * soft line break, a base64 part ("hello world") and a NUL byte after the closing boundary.
     */
    private static byte[] oddlyEncodedEmail() {
        String text = "From: =?iso-8859-1?Q?Ren=E9?= <rene@example.org>\r\n"
                + "Subject: caf\u00e9 na\u00efve\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Prix=3A 100=80 soft=\r\nbreak\r\n"
                + "--b1\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "aGVsbG8gd29ybGQ=\r\n"
                + "--b1--\r\nnul\u0000byte\r\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(Path root, String rel, byte[] content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }
}
