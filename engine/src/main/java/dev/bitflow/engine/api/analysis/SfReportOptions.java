package dev.bitflow.engine.api.analysis;

import dev.bitflow.engine.api.BadInputException;

/**
 * How much data the SF cancellation report uses.
 *
 * @param testExamples  the first N examples of the test split ({@code <= 0}: all) for agreement and accuracy
 * @param trainExamples how many training examples (a seeded random subset of the training split; {@code <= 0}:
 *                      all) re-estimate the BatchNorm statistics of variant {@link SfVariant#REESTIMATED}
 * @param seed          the seed of that subset
 */
public record SfReportOptions(int testExamples, int trainExamples, long seed) {
    /** Training examples used when not told otherwise. */
    public static final int DEFAULT_TRAIN_EXAMPLES = 5000;

    public SfReportOptions {
        if (testExamples < 0) {
            throw new BadInputException("the number of test examples must be >= 0 (0: all), was " + testExamples);
        }
        if (trainExamples < 0) {
            throw new BadInputException("the number of training examples must be >= 0 (0: all), was " + trainExamples);
        }
    }

    /** All test examples, {@link #DEFAULT_TRAIN_EXAMPLES} training examples, seed 1. */
    public static SfReportOptions defaults() {
        return new SfReportOptions(0, DEFAULT_TRAIN_EXAMPLES, 1L);
    }

    public SfReportOptions withTestExamples(int n) {
        return new SfReportOptions(Math.max(0, n), trainExamples, seed);
    }

    public SfReportOptions withTrainExamples(int n) {
        return new SfReportOptions(testExamples, Math.max(0, n), seed);
    }
}
