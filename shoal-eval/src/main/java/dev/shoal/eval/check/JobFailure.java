package dev.shoal.eval.check;

/**
 * A synthetic job found the cluster's result wrong; the worker exits non-zero with this message.
 *
 * <pre>{@code
 * if (values[i] != expected) throw new JobFailure("element " + i + " is " + values[i] + ", expected " + expected);
 * }</pre>
 */
public final class JobFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public JobFailure(String message) {
        super(message);
    }
}
