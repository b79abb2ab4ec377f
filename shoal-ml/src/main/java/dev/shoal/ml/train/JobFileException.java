package dev.shoal.ml.train;

/**
 * A job file that cannot be read: bad YAML, an unknown key, a value of the wrong type or out of range.
 *
 * <pre>{@code
 * try {
 *     JobConfig job = JobFile.read(Path.of("examples/mlp-fashion-mnist.yaml"));
 * } catch (JobFileException e) {
 *     System.err.println(e.getMessage());   // "job.yaml:7: epochs: expected an integer, got 'three'"
 * }
 * }</pre>
 *
 * <p>The message starts {@code file:line:} like a compiler's, so editors and terminals can jump to the spot.
 */
public final class JobFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;
    private final int line;

    /**
     * @param file    the file as the user named it
     * @param key     the offending key (dotted for nested ones, e.g. {@code optimizer.alpha}), or null
     * @param line    1-based line, or 0 when unknown
     * @param problem what is wrong, without the location
     * @param cause   the underlying error, or null
     */
    public JobFileException(String file, String key, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key != null ? key + ": " : "") + problem, cause);
        this.file = file;
        this.key = key;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The offending key, or null when the fault is not in one key (syntax error, empty file). */
    public String key() {
        return key;
    }

    /** 1-based line of the fault, or 0 when unknown. */
    public int line() {
        return line;
    }
}
