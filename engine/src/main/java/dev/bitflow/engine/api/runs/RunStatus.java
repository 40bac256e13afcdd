package dev.bitflow.engine.api.runs;

/** Where a run is. */
public enum RunStatus {
    /** Training (or, when found at start, a run whose workbench stopped before it ended). */
    RUNNING,
    /** Trained and evaluated; the model is in the run's folder. */
    FINISHED,
    /** Stopped by the user. */
    CANCELLED,
    /** Stopped by an error (the run's message says which). */
    FAILED
}
