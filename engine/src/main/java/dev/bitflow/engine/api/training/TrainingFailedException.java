package dev.bitflow.engine.api.training;

/**
 * Training stopped because it diverged: the loss or a parameter became NaN or infinite. The message names the
 * layer (and parameter) where it was found, the epoch and the batch. No model or checkpoint was written for
 * the failed epoch.
 */
public class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String layer;

    public TrainingFailedException(String message, String layer) {
        super(message);
        this.layer = layer;
    }

    /** The layer where NaN or Inf was first found. */
    public String layer() {
        return layer;
    }
}
