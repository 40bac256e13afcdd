package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to train: the definition (its {@code training} section gives optimiser, schedule, epochs, batch size,
 * seed and validation fraction; its {@code dataset} the data set and classes) and where the data is.
 *
 * @param data                     where the data is, or null for the definition's own location (its
 *                                 {@code dataset.location}, else the data set's standard location)
 * @param checkpoint               file the run writes after every epoch (atomically), or null for none
 * @param resumeFrom               checkpoint to continue from, or null to start fresh
 * @param batchEventIntervalMillis minimum time between two batch events (0: every batch)
 * @param maxTrainExamples         use only the first n (seeded-shuffled) training examples, 0 for all
 */
public record TrainingRequest(NetworkDefinition definition, DataLocation data, Path checkpoint, Path resumeFrom,
                              long batchEventIntervalMillis, int maxTrainExamples) {
    public TrainingRequest {
        Objects.requireNonNull(definition, "definition");
        if (definition.training() == null) {
            throw new IllegalArgumentException("definition '" + definition.name() + "' has no training section");
        }
    }

    /** A request with no checkpoints, batch events at most every 200 ms and all training data. */
    public static TrainingRequest of(NetworkDefinition definition, DataLocation data) {
        return new TrainingRequest(definition, data, null, null, 200, 0);
    }
}
