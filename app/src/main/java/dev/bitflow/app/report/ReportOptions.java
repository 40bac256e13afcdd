package dev.bitflow.app.report;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import java.util.Objects;

/**
 * What the model report is measured on.
 *
 * @param data          the data location (its test split is evaluated, verified and analysed)
 * @param testLimit     verification and SF report on the first N test examples (0: all); the accuracy and the
 *                      confusion matrix always use the whole test split
 * @param trainExamples training examples that re-estimate BatchNorm in the SF report
 */
public record ReportOptions(DataLocation data, int testLimit, int trainExamples) {
    /** Training examples for the SF report's re-estimated variant unless told otherwise. */
    public static final int DEFAULT_TRAIN_EXAMPLES = 1000;

    public ReportOptions {
        Objects.requireNonNull(data, "data");
        if (testLimit < 0) {
            throw new BadInputException("the number of test examples must be >= 0 (0: all), was " + testLimit);
        }
        if (trainExamples <= 0) {
            throw new BadInputException("the number of training examples must be > 0, was " + trainExamples);
        }
    }

    /** All test examples of {@code data}, {@link #DEFAULT_TRAIN_EXAMPLES} training examples. */
    public static ReportOptions on(DataLocation data) {
        return new ReportOptions(data, 0, DEFAULT_TRAIN_EXAMPLES);
    }
}
