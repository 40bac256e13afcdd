package dev.bitflow.engine.api.analysis;

/**
 * The versions of a trained model that the SF cancellation report compares. In every variant but
 * {@link #TRAINED}, the analysed binary layers output {@code y' = s + b} (the integer dot product s plus the
 * bias b, no scaling factor alpha) instead of {@code y = alpha * s + b}; their BatchNorm differs as described.
 */
public enum SfVariant {
    /** (a) The model as trained: {@code y = alpha * s + b}, BatchNorm with the trained (mu, var, eps). */
    TRAINED("as trained (with alpha)"),
    /**
     * (b) alpha removed, BatchNorm statistics rescaled exactly: {@code mu' = (mu - b) / alpha + b},
     * {@code var' = var / alpha^2}, {@code eps' = eps / alpha^2}. Then {@code BN'(y') = BN(y)} in exact
     * arithmetic, so only float32 rounding ties can disagree.
     */
    RESCALED("alpha removed, BN statistics and eps rescaled by 1/alpha"),
    /**
     * (b') as {@link #RESCALED} but eps kept: {@code sigma' = sqrt(var / alpha^2 + eps)} instead of
     * {@code sigma / alpha}; equal "up to eps" (relative difference about {@code eps (1 - alpha^2) / (2 var)}).
     */
    RESCALED_EPS_KEPT("alpha removed, BN statistics rescaled by 1/alpha, eps kept"),
    /**
     * (c) alpha removed and each BatchNorm's mean and variance re-estimated from a pass over training data,
     * layer by layer (earlier layers already without alpha and re-estimated); gamma, beta, eps as trained.
     * The empirical test that a network without SF has the same BatchNorm, up to the statistics' noise.
     */
    REESTIMATED("alpha removed, BN statistics re-estimated on training data");

    private final String description;

    SfVariant(String description) {
        this.description = description;
    }

    /** One line for tables and the GUI. */
    public String description() {
        return description;
    }
}
