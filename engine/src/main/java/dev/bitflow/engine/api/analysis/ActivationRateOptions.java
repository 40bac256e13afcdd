package dev.bitflow.engine.api.analysis;

import dev.bitflow.engine.api.BadInputException;

/**
 * How {@link AnalysisService#activationRates} counts.
 *
 * @param examples  the first N test images ({@code <= 0}: all)
 * @param threshold a channel is nearly constant when its +1 rate is at most this or at least {@code 1 - this};
 *                  in [0, 0.5)
 */
public record ActivationRateOptions(int examples, double threshold) {
    public static final int DEFAULT_EXAMPLES = 500;
    public static final double DEFAULT_THRESHOLD = 0.01;

    public ActivationRateOptions {
        if (!(threshold >= 0 && threshold < 0.5)) {
            throw new BadInputException("the nearly-constant threshold must be in [0, 0.5), was " + threshold);
        }
    }

    /** 500 test images, threshold 1%. */
    public static ActivationRateOptions defaults() {
        return new ActivationRateOptions(DEFAULT_EXAMPLES, DEFAULT_THRESHOLD);
    }

    public ActivationRateOptions withExamples(int n) {
        return new ActivationRateOptions(n, threshold);
    }
}
