package dev.bitflow.engine.api.training;

import java.nio.file.Path;

/**
 * Receives training progress. Called on the training thread: implementations must be quick and thread-safe (a
 * GUI copies the event and hands it to its own thread). Batch events are throttled (see
 * {@link TrainingRequest#batchEventIntervalMillis()}); every epoch produces exactly one epoch event.
 */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    default void onBatch(BatchEvent event) {
    }

    default void onEpoch(EpochEvent event) {
    }

    /**
     * The checkpoint after epoch {@code epochsDone} could not be written (disk full, folder gone...). Training
     * goes on: the weights are in memory and the run's result is written at the end; only resuming from that
     * epoch is lost. {@code reason} is the file system's.
     */
    default void onCheckpointNotWritten(int epochsDone, Path file, String reason) {
    }
}
