package dev.shoal.eval.experiment;

/**
 * A run of an experiment could not be made or measured; the message names the run and where its logs are.
 *
 * <pre>{@code
 * throw new ExperimentException("mlp-bsp: worker-1 exited with code 2; log runs/x/mlp-bsp/logs/worker-1.log");
 * }</pre>
 */
public final class ExperimentException extends RuntimeException {
    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}
