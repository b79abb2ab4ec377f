package dev.shoal.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the LIBSVM text format into a {@link SparseDataset}.
 *
 * <pre>{@code
 * SparseDataset d = LibsvmReader.read(Path.of("rcv1_train.binary"));
 * // a line "+1 3:0.5 10:1" becomes label 1, indices {2, 9}, values {0.5, 1}
 * }</pre>
 *
 * <p>Each line is {@code label index:value index:value ...}: the label a number ({@code +1}, {@code -1},
 * {@code 0}, {@code 3}, {@code 0.25}), indices 1-based and strictly ascending, separated by spaces or tabs.
 * Everything after {@code #} is a comment; blank lines are skipped. Indices are stored 0-based, and the data
 * set's dimension is the largest index seen. A bad line is refused with an {@link IOException} naming the
 * file, the line and the 1-based column of the offending token.
 */
public final class LibsvmReader {

    private LibsvmReader() {
    }

    public static SparseDataset read(Path file) throws IOException {
        CsrBuilder csr = new CsrBuilder();
        int dimension = 0;
        // ISO-8859-1 maps every byte to a char, so an odd byte surfaces as a bad token with its line number
        // instead of as a MalformedInputException without one
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                dimension = Math.max(dimension, new LineParser(file, lineNo, line).parseInto(csr));
            }
        }
        return csr.build(dimension);
    }

    /** One line; positions are kept so errors can point at the column. */
    private static final class LineParser {
        private final Path file;
        private final int lineNo;
        private final String line;
        private final int end;
        private int pos;

        LineParser(Path file, int lineNo, String line) {
            this.file = file;
            this.lineNo = lineNo;
            this.line = line;
            int hash = line.indexOf('#');
            this.end = hash < 0 ? line.length() : hash;
        }

        /** Appends the line's row, if it has one, and returns its largest 1-based index (0 if none). */
        int parseInto(CsrBuilder csr) throws IOException {
            int start = nextToken();
            if (start < 0) {
                return 0;
            }
            csr.startRow(parseNumber(start, pos, "label"));
            int previous = 0;
            while ((start = nextToken()) >= 0) {
                int colon = line.indexOf(':', start);
                if (colon < 0 || colon >= pos) {
                    throw bad(start, "missing ':' in '" + line.substring(start, pos) + "' (expected index:value)");
                }
                int index = parseIndex(start, colon);
                if (index <= previous) {
                    throw bad(start, "index " + index + " is not above the previous index " + previous
                            + " (indices must be strictly ascending)");
                }
                csr.add(index - 1, parseNumber(colon + 1, pos, "value"));
                previous = index;
            }
            return previous;
        }

        /** Moves past the next whitespace-separated token; returns its start, or -1 at the end of data. */
        private int nextToken() {
            while (pos < end && isSpace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= end) {
                return -1;
            }
            int start = pos;
            while (pos < end && !isSpace(line.charAt(pos))) {
                pos++;
            }
            return start;
        }

        private int parseIndex(int from, int to) throws IOException {
            String s = line.substring(from, to);
            int index;
            try {
                index = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw bad(from, "index '" + s + "' is not an integer");
            }
            if (index < 1) {
                throw bad(from, "index " + index + " is below 1 (LIBSVM indices are 1-based)");
            }
            return index;
        }

        private float parseNumber(int from, int to, String what) throws IOException {
            String s = line.substring(from, to);
            // Float.parseFloat also takes "NaN", "Infinity", hex and a trailing 'f' or 'd': not numbers here
            boolean plain = !s.isEmpty();
            for (int i = 0; i < s.length() && plain; i++) {
                char c = s.charAt(i);
                plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            }
            try {
                float v = Float.parseFloat(s);
                if (plain && Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the position
            }
            throw bad(from, what + " '" + s + "' is not a finite number");
        }

        private IOException bad(int column0, String what) {
            return new IOException(file + ": line " + lineNo + ", column " + (column0 + 1) + ": " + what);
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
        }
    }
}
