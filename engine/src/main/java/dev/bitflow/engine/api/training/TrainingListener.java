package dev.bitflow.engine.api.training;

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
}
