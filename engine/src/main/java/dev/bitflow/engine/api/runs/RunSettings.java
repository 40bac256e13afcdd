package dev.bitflow.engine.api.runs;

import dev.bitflow.engine.api.data.DataLocation;
import java.util.Objects;

/**
 * What a run was asked to do beyond its definition (whose training section holds epochs, batch size, learning
 * rate and seed, and whose data-set reference the data set and classes).
 *
 * @param dataLabel        the data as the user chose it, for example {@code Fashion-MNIST, all 10 classes (mini set)}
 * @param data             where the data was read (the test split there evaluates and verifies the model)
 * @param scalingFactor    whether the binary layers kept their scaling factor (false: trained with SF removed)
 * @param maxTrainExamples the cap on training examples the user set (0: none)
 * @param trainingExamples how many examples the run trained on (after the validation split and the cap)
 */
public record RunSettings(String dataLabel, DataLocation data, boolean scalingFactor, int maxTrainExamples,
                          int trainingExamples) {
    public RunSettings {
        Objects.requireNonNull(dataLabel, "dataLabel");
        Objects.requireNonNull(data, "data");
        if (maxTrainExamples < 0 || trainingExamples < 0) {
            throw new IllegalArgumentException("example counts must not be negative");
        }
    }
}
